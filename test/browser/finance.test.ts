// The functions given to page.evaluate and friends run in the browser.
/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import type { Browser, Download, Page } from 'playwright-core';
import { yearIn } from '../../src/notifications/annual-receipts.service.js';
import { launchBrowser, screenshot, unlabelledFields, watchedPage } from '../support/browser.js';
import { Stack, activeCampaign, give, startStack, staffAccount } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

/** Clicks what starts a download and returns the file's name and text. */
async function downloaded(page: Page, selector: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download') as Promise<Download>, page.click(selector)]);
  return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
}

describe('staff pages for finance', () => {
  let stack: Stack;
  let browser: Browser;
  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('logs in, runs a reconciliation, resolves a discrepancy with a note, and downloads the CSVs and a payout report', async () => {
    const coordinator = await stack.app.staffToken('coordinator');
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Kumamoto rebuilding' });
    await give(stack, campaignId, { amount: 5000, currency: 'jpy' });
    await give(stack, campaignId, { amount: 2000, currency: 'jpy' });
    // A charge made in Stripe outside Kizuna: the ledger has no trace of it.
    const outside = await stack.stripe.paymentIntents.create({
      amount: 7777,
      currency: 'jpy',
      payment_method: 'pm_card_visa',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    await stack.settled();
    // A week on the emulator's clock: the card funds become available and the daily schedule pays them out.
    stack.emulator.advanceClock(7 * 86_400);
    await stack.settled();
    const [payout] = (await stack.stripe.payouts.list()).data;
    await stack.sync();

    const { page, errors } = await watchedPage(browser, { viewport: { width: 1200, height: 900 } });
    const account = await staffAccount(stack, 'finance');
    await page.goto(`${stack.app.url}/staff/finance`);
    await page.waitForURL(/\/staff\/login\?next=%2Fstaff%2Ffinance$/);
    await page.fill('#email', account.email);
    await page.fill('#password', account.password);
    await page.click('#login button[type=submit]');
    await page.waitForURL(`${stack.app.url}/staff/finance`);
    await page.waitForSelector('#content:not([hidden])');
    expect(await unlabelledFields(page)).toEqual([]);

    await page.click('#run-form button[type=submit]');
    await page.waitForSelector('#run-status[data-status=completed]', { timeout: 30_000 });
    const runId = new URL(page.url()).searchParams.get('run')!;
    const run = (await stack.app.request('GET', `/api/finance/reconciliation/runs/${runId}`, { token: account.token })).body;
    const missing = run.discrepancies.find((d: { kind: string; stripeObjectId: string }) => d.kind === 'missing_in_ledger' && d.stripeObjectId === outside.latest_charge);
    expect(missing).toBeDefined();
    expect(await page.textContent('#run-status')).toBe(
      `Completed: ${run.matchedCount} matched, ${run.discrepancyCount} ${run.discrepancyCount === 1 ? 'discrepancy' : 'discrepancies'}.`,
    );
    expect(await page.$$eval('#discrepancies tbody tr', (rows) => rows.length)).toBe(run.discrepancies.length);

    const row = page.locator('#discrepancies tbody tr', { hasText: outside.latest_charge as string });
    expect(await row.textContent()).toContain('Missing in the ledger');
    await row.locator('input[name=note]').fill('Charged by hand in the dashboard <b>by mistake</b>; refunded on 12 March');
    await row.locator('button', { hasText: 'Resolve' }).click();
    await row.locator('.resolved').waitFor();
    expect(await row.locator('.resolved').textContent()).toContain(`Resolved by ${account.email}`);
    expect(await row.locator('.resolved q').textContent()).toBe('Charged by hand in the dashboard <b>by mistake</b>; refunded on 12 March');
    const after = (await stack.app.request('GET', `/api/finance/reconciliation/runs/${runId}`, { token: account.token })).body;
    expect(after.discrepancies.find((d: { id: string }) => d.id === missing.id)).toMatchObject({
      resolvedAt: expect.any(String),
      resolutionNote: expect.stringContaining('by hand'),
    });

    const discrepanciesCsv = await downloaded(page, '#run-csv');
    expect(discrepanciesCsv.name).toBe(`kizuna-reconciliation-${runId}.csv`);
    expect(discrepanciesCsv.text).toContain('kind,stripe_object_id,ledger_reference,currency,expected,actual,resolved_at,resolution_note');
    expect(discrepanciesCsv.text).toContain(`missing_in_ledger,${outside.latest_charge}`);

    const ledger = await downloaded(page, '#ledger-form button[type=submit]');
    expect(ledger.name).toBe('kizuna-ledger.csv');
    const lines = ledger.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('occurred_at,kind,stripe_object_id,campaign_id,campaign_title,donation_id,donor_name,account,amount,currency,exchange_rate');
    expect(lines.filter((line) => line.includes(`${campaignId},Kumamoto rebuilding`) && line.includes(',campaign_gross,'))).toHaveLength(2);
    expect(await page.textContent('#ledger-ok')).toBe('Downloaded kizuna-ledger.csv.');

    const payoutRow = page.locator('#payouts tbody tr', { hasText: payout.id });
    await payoutRow.locator('button', { hasText: 'Report' }).click();
    await page.locator('#payout-report h3', { hasText: payout.id }).waitFor();
    expect(await page.textContent('#payout-report')).toContain('Its transactions add up to the payout.');
    const payoutCsv = await downloaded(page, '#payout-report button');
    expect(payoutCsv.name).toBe(`kizuna-payout-${payout.id}.csv`);
    expect(payoutCsv.text).toContain(payout.id);
    await screenshot(page, 'staff-finance');

    // The next payout fails at the bank: the table says so, with the bank's reason.
    stack.emulator.failNextPayout('account_closed');
    await stack.stripe.paymentIntents.create({
      amount: 4000,
      currency: 'jpy',
      payment_method: 'pm_card_bypassPending',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    stack.emulator.advanceClock(4 * 86_400);
    await stack.settled();
    await stack.sync();
    const failed = (await stack.stripe.payouts.list({ status: 'failed' })).data[0];
    expect(failed).toMatchObject({ failure_code: 'account_closed' });
    await page.reload();
    await expect(page.locator('#payouts tbody tr', { hasText: failed.id }).textContent()).resolves.toContain('failed: account_closed');

    // The coordinator's dashboard is not for finance.
    await page.click('nav >> text=Campaigns');
    await page.locator('#forbidden').waitFor();
    expect(await page.textContent('#forbidden h2')).toBe('Your role cannot see this page');
    expect(await page.isVisible('#content')).toBe(false);
    await screenshot(page, 'staff-forbidden');

    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${stack.app.url}/staff/finance?run=${runId}`);
    await page.waitForSelector('#run-status[data-status=completed]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'staff-finance-phone');
    expect(errors).toEqual([]);
  }, 60_000);

  it('an overpayment seen by finance: the donor’s cash balance is listed, finance returns it and follows the return to the end', async () => {
    const coordinator = await stack.app.staffToken('coordinator');
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Noto water' });
    const pledge = (body: Record<string, unknown>) => stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, { body: { currency: 'jpy', ...body } });
    const transfer = await pledge({ amount: 5000, email: 'aiko@example.jp', name: '高橋 愛子', paymentMethod: 'bank_transfer' });
    const voucher = await pledge({ amount: 3000, email: 'later@example.jp', name: '小林 誠', paymentMethod: 'konbini' });
    expect([transfer.status, voucher.status]).toEqual([201, 201]);
    const [donor] = await stack.app.sql(`SELECT stripe_customer_id FROM donors WHERE email = 'aiko@example.jp'`);
    const customer = donor.stripe_customer_id as string;
    // The donor sends ¥8,000 for a ¥5,000 gift.
    await stack.stripe.testHelpers.customers.fundCashBalance(customer, { amount: 8000, currency: 'jpy' });
    await stack.settled();
    const account = await staffAccount(stack, 'finance');
    await waitUntil('the leftover mirrored', async () => {
      const balances = (await stack.app.request('GET', '/api/finance/cash-balances', { token: account.token })).body;
      return balances.some((b: { stripeCustomerId: string; availableAmount: number }) => b.stripeCustomerId === customer && b.availableAmount === 3000);
    });

    const { page, errors } = await watchedPage(browser, { viewport: { width: 1200, height: 900 } });
    await page.goto(`${stack.app.url}/staff/login?next=%2Fstaff%2Ffinance`);
    await page.fill('#email', account.email);
    await page.fill('#password', account.password);
    await page.click('#login button[type=submit]');
    await page.waitForURL(`${stack.app.url}/staff/finance`);
    const balance = page.locator(`#cash-balances tbody tr[data-customer="${customer}"]`);
    await balance.waitFor();
    const cells = await balance.locator('th, td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['高橋 愛子aiko@example.jp', '¥3,000']);
    expect(cells[3]).toBe('Noto water');
    expect(cells[4]).toBe('Automatic');
    // The voucher not yet paid is a pledge awaiting payment, not raised money.
    expect(await page.locator('#pledges tbody tr', { hasText: '小林 誠' }).allTextContents()).toEqual([expect.stringMatching(/Noto water小林 誠Konbini¥3,000¥3,000/)]);
    expect(await unlabelledFields(page)).toEqual([]);
    await screenshot(page, 'staff-finance-cash-balance');

    const questions: string[] = [];
    page.on('dialog', (dialog) => {
      questions.push(dialog.message());
      void dialog.accept();
    });
    await balance.locator('button', { hasText: 'Return to donor' }).click();
    await page.locator('#cash-ok', { hasText: 'Return of ¥3,000 to 高橋 愛子 asked for' }).waitFor();
    expect(questions).toEqual(['Return ¥3,000 to 高橋 愛子? Stripe emails aiko@example.jp for the bank account to send it to.']);
    const status = page.locator('#cash-returns tbody tr', { hasText: '高橋 愛子' }).locator('.return-status');
    await status.filter({ hasText: "Waiting for the donor's bank account (Stripe emailed aiko@example.jp)" }).waitFor();
    expect(await balance.locator('td').last().textContent()).toBe('Being returned');
    await screenshot(page, 'staff-finance-cash-return');

    // The page follows the return as Stripe reports it, without a reload.
    stack.emulator.advanceClock(181);
    await stack.settled();
    await status.filter({ hasText: "On its way to the donor's bank" }).waitFor({ timeout: 20_000 });
    stack.emulator.advanceClock(181);
    await stack.settled();
    await status.filter({ hasText: 'Returned' }).waitFor({ timeout: 20_000 });
    await page.locator('#cash-empty').waitFor();
    expect(await page.isVisible(`#cash-balances tbody tr[data-customer="${customer}"]`)).toBe(false);
    expect(errors).toEqual([]);
  }, 90_000);

  it('年間領収書: finance runs the annual receipts in Japanese, downloads the register, and corrects a donor’s tax-receipt address', async () => {
    const coordinator = await stack.app.staffToken('coordinator');
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Iwate harbours' });
    const gift = await give(stack, campaignId, { amount: 3000, currency: 'jpy', email: 'annual-browser@example.jp', language: 'ja', name: '山田花子' });
    await stack.settled();
    const number = await waitUntil('the receipt', async () => (await stack.app.sql(`SELECT number FROM receipts WHERE donation_id = $1`, [gift.donationId]))[0]?.number as string);

    const { page, errors } = await watchedPage(browser, { locale: 'ja-JP' });
    const account = await staffAccount(stack, 'finance');
    await page.goto(`${stack.app.url}/staff/login?next=%2Fstaff%2Ffinance`);
    await page.fill('#email', account.email);
    await page.fill('#password', account.password);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#content:not([hidden])');
    expect(await page.textContent('#annual-heading')).toBe('年間領収書');

    const year = yearIn(stack.app.config.ORG_TIMEZONE);
    await page.fill('#annual-year', String(year));
    await page.click('#annual-form button[type=submit]');
    await page.waitForSelector('#annual-status[data-status=completed]', { timeout: 30_000 });
    expect(await page.textContent('#annual-status')).toContain(`${year}年の年間領収書`);
    expect(await stack.app.sql(`SELECT 1 FROM annual_receipts WHERE details->>'donorName' = '山田花子'`)).toHaveLength(1);

    const csv = await downloaded(page, '#register-form button[type=submit]');
    expect(csv.name).toMatch(/^kizuna-receipts-.*\.csv$/);
    expect(csv.text).toContain(number);
    const [zip] = await Promise.all([page.waitForEvent('download') as Promise<Download>, page.click('#register-zip')]);
    expect(zip.suggestedFilename()).toMatch(/\.zip$/);

    await page.fill('#tax-donation', gift.donationId);
    await page.fill('#tax-name', '山田花子');
    await page.fill('#tax-postal', '100-0001');
    await page.fill('#tax-address', '東京都千代田区千代田1-1');
    await page.click('#tax-receipt-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('tax-receipt-ok')!.textContent !== '');
    expect(await page.textContent('#tax-receipt-ok')).toContain('訂正した領収書');
    await waitUntil(
      'the reissue',
      async () => (await stack.app.sql(`SELECT 1 FROM receipts WHERE donation_id = $1 AND kind = 'reissue' AND sent_at IS NOT NULL`, [gift.donationId])).length,
    );
    expect(errors).toEqual([]);
  }, 90_000);
});
