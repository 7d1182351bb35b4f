import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, watchedPage } from '../support/browser.js';
import { Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

const TITLE = 'Kumamoto earthquake relief';

describe('the donation form during a card-testing alarm', () => {
  let stack: Stack;
  let browser: Browser;
  let slug: string;
  beforeAll(async () => {
    // Three declines over the site turn the alarm on; the challenge keeps its default difficulty, as donors meet it.
    [stack, browser] = await Promise.all([startStack({ env: { CARD_TESTING_SITE_DECLINES: '3', CHALLENGE_DIFFICULTY: '100000' } }), launchBrowser()]);
    const campaignId = await activeCampaign(stack.app, await stack.app.staffToken('coordinator'), { currency: 'jpy', goalAmount: 1_000_000, title: TITLE });
    slug = (await stack.app.request('GET', `/api/campaigns/${campaignId}`)).body.slug;
    for (let i = 0; i < 3; i++) {
      const tried = await give(stack, campaignId, { amount: 1000, currency: 'jpy', email: `tester${i}@mail.example`, paymentMethod: 'pm_card_chargeDeclined' });
      expect(tried.declined).toBe(true);
    }
    await waitUntil('the alarm', async () => (await stack.app.request('GET', '/api/donations/challenge')).body.required);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('solves the challenge in the browser while the donor fills in the form, and the gift goes through', async () => {
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${stack.app.url}/campaigns/${slug}/give?lang=en`);
    const status = page.getByRole('status');
    await expect(status.textContent()).resolves.toMatch(/security check/);
    await page.getByLabel('Email (for your receipt)').fill('michiko@example.jp');
    await page.getByText('Security check done.').waitFor({ timeout: 30_000 });
    await screenshot(page, 'donation-challenge');
    await page.getByRole('button', { name: 'Continue to payment' }).click();

    await page.waitForURL(/\/checkout\/pi_/);
    await page.getByLabel(/card number/i).fill('4242 4242 4242 4242');
    await page.getByLabel(/expir/i).fill('12 / 34');
    await page.getByLabel(/cvc/i).fill('123');
    await page.getByRole('button', { name: /pay/i }).click();
    await page.waitForURL(/\/thanks\?/);
    await page.getByText(`Your gift of ¥3,000 to ${TITLE} has been received.`).waitFor({ timeout: 45_000 });
    expect(errors).toEqual([]);
  });

  it('asks for a fresh challenge when the alarm came on after the page was loaded', async () => {
    await stack.app.sql(`UPDATE card_testing_alarms SET until = now() - interval '1 second'`);
    const { page, errors } = await watchedPage(browser);
    await page.goto(`${stack.app.url}/campaigns/${slug}/give?lang=en`);
    await page.getByLabel('Email (for your receipt)').fill('kenji@example.jp');
    // The page found no alarm; a fourth decline turns it on again before the donor presses the button.
    await expect(page.locator('#challenge-status').isHidden()).resolves.toBe(true);
    const campaignId = (await stack.app.request('GET', `/api/campaigns/${slug}`)).body.id;
    await give(stack, campaignId, { amount: 1000, currency: 'jpy', email: 'tester9@mail.example', paymentMethod: 'pm_card_chargeDeclined' });
    await waitUntil('the alarm again', async () => (await stack.app.request('GET', '/api/donations/challenge')).body.required);
    await page.getByRole('button', { name: 'Continue to payment' }).click();
    // The API starts no donation without a solved challenge while the alarm is on: reaching the card form says it was solved.
    await page.waitForURL(/\/checkout\/pi_/, { timeout: 30_000 });
    expect(errors).toEqual([]);
  });

  it('shows staff the alarm as a banner on every page, and its numbers on the security page', async () => {
    const { page, errors } = await watchedPage(browser);
    const token = await stack.app.staffToken('finance');
    await page.goto(`${stack.app.url}/staff/login`);
    await page.evaluate((value) => sessionStorage.setItem('kizuna_token', value), token);
    await page.goto(`${stack.app.url}/staff/finance`);
    await page.getByText('Card-testing alarm.').waitFor();
    await page.getByRole('link', { name: 'See the numbers' }).click();
    await page.waitForURL(/\/staff\/security$/);
    await page.waitForSelector('#content:not([hidden])');
    await page.waitForFunction(() => document.getElementById('site-declines')?.textContent === '4');
    await expect(page.locator('#alarm-state').textContent()).resolves.toMatch(/^On since .* \(too many declined cards over the site\), until /);
    await expect(page.locator('#top-cards tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('#top-emails tbody').textContent()).resolves.toContain('t•••@mail.example');
    await screenshot(page, 'staff-security');
    expect(errors).toEqual([]);
  });
});
