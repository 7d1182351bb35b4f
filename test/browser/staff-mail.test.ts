// The functions given to page.waitForFunction run in the browser.
/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { yearIn } from '../../src/notifications/annual-receipts.service.js';
import { freePort } from '../../tools/local/infra.js';
import { type MailCatcher, startMailCatcher } from '../../tools/mail-catcher/mail-catcher.js';
import { TEST_ADMIN } from '../support/app.js';
import { launchBrowser, screenshot, staffLogIn, watchedPage } from '../support/browser.js';
import { Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

describe('the email page in Japanese: an annual receipt the mail server never took, sent again by an admin', () => {
  let stack: Stack;
  let browser: Browser;
  let mailServer: MailCatcher | undefined;
  let smtpPort: number;
  beforeAll(async () => {
    smtpPort = await freePort();
    // Nothing listens at the mail server's address, the retry waits are shrunk to nothing and the sweep is an hour away.
    [stack, browser] = await Promise.all([
      startStack({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_RETRY_SCALE: '0.000001', MAIL_RETRY_SWEEP_MS: '3600000' } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    await mailServer?.close();
  });

  it('lists it with its number, year and amount, and sends the chosen one once when asked', async () => {
    const admin = await stack.app.login();
    const campaignId = await activeCampaign(stack.app, admin, { currency: 'jpy', title: 'Kumamoto water' });
    await give(stack, campaignId, { amount: 3000, currency: 'jpy', email: 'hanako@example.jp', language: 'ja' });
    await stack.settled();
    const finance = await stack.app.staffToken('finance');
    const run = await stack.app.request('POST', '/api/finance/annual-receipts', { token: finance, body: { year: yearIn(stack.app.config.ORG_TIMEZONE) } });
    expect(run.status).toBe(202);
    await waitUntil('the annual receipt to fail', async () => (await stack.app.sql(`SELECT 1 FROM annual_receipts WHERE failed_at IS NOT NULL`)).length === 1);
    const [annual] = await stack.app.sql<{ number: string }>(`SELECT number FROM annual_receipts`);

    const { page, errors } = await watchedPage(browser, { viewport: { width: 1200, height: 900 }, locale: 'ja-JP' });
    await staffLogIn(page, stack.app.url, TEST_ADMIN);
    await page.goto(`${stack.app.url}/staff/mail`);
    await page.waitForSelector('#annual tbody tr');
    expect(await page.textContent('#annual-heading')).toBe('届いていない年間領収書');
    const row = (await page.textContent('#annual tbody tr'))!;
    expect(row).toContain(annual.number);
    expect(row).toContain('年間領収書');
    expect(row).toMatch(/[¥￥]3,000/);
    expect(row).toContain('送信失敗');
    expect(await page.textContent('#mail-summary')).toContain('年間領収書1件');
    expect(await page.getByLabel(`${annual.number} を再送`).isChecked()).toBe(true);
    await screenshot(page, 'staff-mail-annual-ja');

    mailServer = await startMailCatcher({ smtpPort });
    await page.getByRole('button', { name: '選んだ年間領収書を再送' }).click();
    await page.waitForFunction(() => document.getElementById('retry-ok')?.textContent?.includes('年間領収書1件'));
    // The gift's own receipt is still retrying on its own schedule and may arrive too: the annual one is looked for.
    await waitUntil('the annual receipt mailed', async () => mailServer!.messages().some((m) => m.text.includes(annual.number)));
    await waitUntil('the annual receipt marked sent', async () => (await stack.app.sql(`SELECT 1 FROM annual_receipts WHERE sent_at IS NOT NULL`)).length === 1);
    await page.reload();
    await page.waitForSelector('#annual-empty:not([hidden])');
    expect(await page.textContent('#annual-empty')).toBe('ありません。年間領収書はすべて送信されました。');
    expect(mailServer.messages().filter((m) => m.text.includes(annual.number))).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
