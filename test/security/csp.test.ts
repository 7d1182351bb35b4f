// The functions given to page.evaluate and friends run in the browser.
/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { launchBrowser, watchedPage } from '../support/browser.js';
import { TEST_ADMIN } from '../support/app.js';
import { Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

/** The header's directives by name: `script-src 'self' https://js.stripe.com` → { 'script-src': ["'self'", …] }. */
function directives(header: string | null): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) result[name.toLowerCase()] = values;
  }
  return result;
}

/** What in a page would need `'unsafe-inline'`: a script with code, an event handler attribute, a style attribute or block, a javascript: URL. */
function inlineCode(page: string): string[] {
  const found: string[] = [];
  for (const [whole, attributes, content] of page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const isData = /\btype\s*=\s*["']?application\/json/i.test(attributes);
    if (!isData && content.trim() !== '') found.push(`inline script: ${whole.slice(0, 80)}`);
  }
  for (const [tag] of page.matchAll(/<[a-z][^>]*>/gi)) {
    if (/\son[a-z]+\s*=/i.test(tag)) found.push(`event handler: ${tag.slice(0, 80)}`);
    if (/\sstyle\s*=/i.test(tag)) found.push(`style attribute: ${tag.slice(0, 80)}`);
    if (/=\s*["']?\s*javascript:/i.test(tag)) found.push(`javascript: URL: ${tag.slice(0, 80)}`);
  }
  if (/<style\b/i.test(page)) found.push('a <style> block');
  return found;
}

describe('pages without inline script', () => {
  let stack: Stack;
  let browser: Browser;
  let admin: string;
  let campaignId: string;
  let slug: string;
  let donationId: string;
  let unsubscribePath: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ env: { UPDATE_EMAILS_PER_SECOND: '100' } }), launchBrowser()]);
    admin = await stack.app.login();
    campaignId = await activeCampaign(stack.app, admin, { currency: 'jpy', goalAmount: 100_000, title: 'Policy appeal' });
    slug = (await stack.app.request('GET', `/api/campaigns/${campaignId}`)).body.slug;
    ({ donationId } = await give(stack, campaignId, { amount: 3000, currency: 'jpy', email: 'csp-donor@example.org', subscribeToUpdates: true }));
    await stack.settled();
    // The unsubscribe link as a donor gets it: from an update's List-Unsubscribe header.
    const posted = await stack.app.request('POST', `/api/campaigns/${campaignId}/updates`, { token: admin, body: { title: 'Tents are up', body: 'Thank you.' } });
    expect(posted.status).toBe(201);
    const mail = await waitUntil('the update email', async () => stack.mail.messages().find((m) => m.headers['list-unsubscribe'] && m.subject.includes('Tents are up')));
    const link = new URL(/<([^>]+)>/.exec(mail.headers['list-unsubscribe'])![1]);
    unsubscribePath = `${link.pathname}${link.search}`;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const pages = () => [
    { path: '/', status: 200 },
    { path: '/?lang=ja', status: 200 },
    { path: `/campaigns/${slug}`, status: 200 },
    { path: `/campaigns/${slug}/give`, status: 200 },
    { path: `/thanks?donation=${donationId}&token=not-a-real-token`, status: 200 },
    { path: '/campaigns/no-such-campaign', status: 404 },
    { path: unsubscribePath, status: 200 },
    { path: '/unsubscribe?donor=00000000-0000-0000-0000-000000000000&token=forged', status: 400 },
    { path: '/staff/login', status: 200 },
    { path: '/staff', status: 200 },
    { path: `/staff/campaigns/${campaignId}`, status: 200 },
    { path: '/staff/finance', status: 200 },
    { path: '/staff/users', status: 200 },
    { path: '/staff/account', status: 200 },
    { path: '/staff/security', status: 200 },
    { path: '/staff/mail', status: 200 },
  ];

  it("sends every donor and staff page with a policy that has no 'unsafe-inline', and pages that need none", async () => {
    for (const { path, status } of pages()) {
      const response = await stack.app.request('GET', path);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect({ path, type: response.headers.get('content-type') }).toEqual({ path, type: expect.stringMatching(/^text\/html/) });
      const policy = directives(response.headers.get('content-security-policy'));
      expect({ path, scriptSrc: policy['script-src'] }).toEqual({ path, scriptSrc: ["'self'", 'https://js.stripe.com'] });
      expect({ path, scriptSrcAttr: policy['script-src-attr'] }).toEqual({ path, scriptSrcAttr: ["'none'"] });
      expect({ path, styleSrc: policy['style-src'] }).toEqual({ path, styleSrc: ["'self'"] });
      expect({ path, objectSrc: policy['object-src'], baseUri: policy['base-uri'] }).toEqual({ path, objectSrc: ["'none'"], baseUri: ["'self'"] });
      expect({ path, inline: inlineCode(response.text) }).toEqual({ path, inline: [] });
    }
  });

  it('shows every page in Chromium without a single policy violation', async () => {
    const { page, errors } = await watchedPage(browser);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
    });
    for (const { path } of pages()) {
      if (path.startsWith('/staff') && path !== '/staff/login') continue;
      await page.goto(`${stack.app.url}${path}`);
      await page.waitForLoadState('networkidle');
    }
    // The staff pages show their content only to a signed-in user: sign in through the form, then walk them.
    await page.goto(`${stack.app.url}/staff/login`);
    await page.fill('#email', TEST_ADMIN.email);
    await page.fill('#password', TEST_ADMIN.password);
    await page.press('#password', 'Enter');
    await page.waitForURL(`${stack.app.url}/staff`);
    await page.waitForSelector('#content:not([hidden])');
    const staffPages = pages()
      .map(({ path }) => path)
      .filter((path) => path.startsWith('/staff/') && path !== '/staff/login');
    for (const path of staffPages) {
      await page.goto(`${stack.app.url}${path}`);
      await page.waitForSelector('#content:not([hidden])');
      await page.waitForLoadState('networkidle');
    }
    // The progress bar is drawn without a style attribute: its width is the SVG rect's.
    await page.goto(`${stack.app.url}/campaigns/${slug}`);
    expect(await page.$eval('.progress .bar rect', (rect) => rect.getAttribute('width'))).toBe('3');
    expect(violations).toEqual([]);
    // The 404 page's thanks link and the thank-you page's forged token answer an error the page shows: those are not console errors of ours.
    expect(errors.filter((error) => !/the server responded with a status of (404|400)/.test(error))).toEqual([]);
  });

  it("builds the 404 page's language link from a slug that is one, never from the address as typed", async () => {
    const valid = await stack.app.request('GET', '/campaigns/no-such-campaign?lang=en');
    expect(valid.text).toContain('href="/campaigns/no-such-campaign?lang=ja"');
    for (const typed of ['/campaigns/x%3Flang%3Den%26next%3Dhttps%3A%2F%2Fevil.example', '/campaigns/%2F%2Fevil.example', '/campaigns/A%22%3E%3Cb%3E']) {
      const response = await stack.app.request('GET', `${typed}?lang=en`);
      expect(response.status).toBe(404);
      expect(response.text).toContain('href="/?lang=ja"');
      expect(response.text).not.toMatch(/evil\.example|next=|<b>/);
    }
  });

  it('keeps Swagger UI and Bull Board working under their own policy, for those paths only', async () => {
    const docs = await stack.app.request('GET', '/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.text).toMatch(/swagger-ui/i);
    const docsPolicy = directives(docs.headers.get('content-security-policy'));
    expect(docsPolicy['style-src']).toContain("'unsafe-inline'");
    expect(docsPolicy['script-src']).toEqual(["'self'"]);
    expect((await stack.app.request('GET', '/api/docs/openapi.json')).status).toBe(200);

    const board = await stack.app.request('GET', '/admin/queues', { token: admin });
    expect(board.status).toBe(200);
    const boardPolicy = directives(board.headers.get('content-security-policy'));
    expect(boardPolicy['style-src']).toEqual(expect.arrayContaining(["'unsafe-inline'", 'https://fonts.googleapis.com']));
    expect(boardPolicy['script-src']).toEqual(["'self'"]);

    // A path that only starts like theirs gets the JSON API's policy: nothing may load, run or frame it.
    expect(directives((await stack.app.request('GET', '/api/docsx')).headers.get('content-security-policy'))).toEqual({
      'default-src': ["'none'"],
      'frame-ancestors': ["'none'"],
    });

    // Both render in Chromium without a policy violation (fonts from Google may fail offline: not a policy matter).
    const { page } = await watchedPage(browser);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
    });
    await page.goto(`${stack.app.url}/api/docs`);
    await page.waitForSelector('.swagger-ui .info');
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${admin}` });
    await page.goto(`${stack.app.url}/admin/queues`);
    await page.waitForFunction(() => document.body.textContent?.includes('update-emails'));
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
  });
});
