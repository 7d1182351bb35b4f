// The functions given to page.addInitScript run in the browser.
/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { TotalsPublisher } from '../../src/campaigns/totals-publisher.js';
import { launchBrowser, watchedPage } from '../support/browser.js';
import { Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

const TITLE = 'Hokkaidō Iburi earthquake relief';

/** Every request the page makes to the campaign's totals, by kind: the live stream or a plain (polled) read. */
function totalsRequests(page: Page, campaignId: string): { stream: number; polls: number } {
  const seen = { stream: 0, polls: 0 };
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path === `/api/campaigns/${campaignId}/totals/stream`) seen.stream++;
    else if (path === `/api/campaigns/${campaignId}/totals`) seen.polls++;
  });
  return seen;
}

describe('the campaign page follows its totals live', () => {
  let stack: Stack;
  let browser: Browser;
  let campaignId: string;
  let slug: string;
  let staff: string;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    staff = await stack.app.staffToken('coordinator');
    campaignId = await activeCampaign(stack.app, staff, { currency: 'jpy', goalAmount: 1_000_000, title: TITLE });
    slug = (await stack.app.request('GET', `/api/campaigns/${campaignId}`)).body.slug;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** A gift paid by card, announced once its webhook has moved the totals, as the payments module does after its commit. */
  async function gift(amount: number): Promise<void> {
    const before = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: staff })).body.raisedAmount as number;
    await give(stack, campaignId, { amount, currency: 'jpy', email: `live-${amount}@example.jp` });
    await waitUntil('the gift in the totals', async () => {
      const totals = await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: staff });
      return totals.body.raisedAmount === before + amount;
    });
    await stack.app.app.get(TotalsPublisher).changed([campaignId]);
  }

  it('shows a gift without a reload through the event stream, without polling', async () => {
    const { page, errors } = await watchedPage(browser);
    const requests = totalsRequests(page, campaignId);
    await page.goto(`${stack.app.url}/campaigns/${slug}?lang=en`);
    await page.getByText('¥0 raised of ¥1,000,000').waitFor();
    await waitUntil('the page to open the stream', async () => requests.stream > 0);

    await gift(3000);
    await page.getByText('¥3,000 raised of ¥1,000,000').waitFor({ timeout: 15_000 });
    await expect(page.locator('[data-donors]').textContent()).resolves.toBe('1 donor');
    await expect(page.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('0');
    expect(requests).toEqual({ stream: 1, polls: 0 });
    expect(errors).toEqual([]);
  });

  it('polls every few seconds in a browser without EventSource', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.addInitScript(() => {
      Reflect.deleteProperty(window, 'EventSource');
    });
    const requests = totalsRequests(page, campaignId);
    await page.goto(`${stack.app.url}/campaigns/${slug}?lang=en`);
    await page.getByText('¥3,000 raised of ¥1,000,000').waitFor();

    await gift(7000);
    await page.getByText('¥10,000 raised of ¥1,000,000').waitFor({ timeout: 15_000 });
    await expect(page.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('1');
    expect(requests.stream).toBe(0);
    expect(requests.polls).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
