import { yearIn } from '../../src/notifications/annual-receipts.service.js';
import { freePort } from '../../tools/local/infra.js';
import { type MailCatcher, startMailCatcher } from '../../tools/mail-catcher/mail-catcher.js';
import { type Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

/** Retry waits of about four days shrunk to a third of a second: every attempt fails quickly while nothing listens. */
const FAST_RETRIES = '0.000001';
const ATTEMPTS = 11;

const failed = async (stack: Stack, table: 'receipts' | 'annual_receipts' | 'update_deliveries') =>
  (await stack.app.sql(`SELECT count(*)::int AS n FROM ${table} WHERE failed_at IS NOT NULL AND sent_at IS NULL`))[0].n as number;
const unfinishedOutbox = async (stack: Stack) => (await stack.app.sql(`SELECT count(*)::int AS n FROM outbox WHERE completed_at IS NULL AND failed_at IS NULL`))[0].n as number;

describe('email that failed for good, sent again by an admin', () => {
  let stack: Stack;
  let mailServer: MailCatcher | undefined;
  let smtpPort: number;
  let admin: string;
  let coordinator: string;
  let finance: string;
  beforeAll(async () => {
    smtpPort = await freePort();
    // Nothing listens at the mail server's address; the sweep comes only once an hour, so only the admin retries.
    stack = await startStack({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_RETRY_SCALE: FAST_RETRIES, MAIL_RETRY_SWEEP_MS: '3600000' } });
    admin = await stack.app.staffToken('admin');
    coordinator = await stack.app.staffToken('coordinator');
    finance = await stack.app.staffToken('finance');
  });
  afterAll(async () => {
    await stack.close();
    await mailServer?.close();
  });

  it('marks receipts, annual receipts and update emails failed once every retry is spent, and shows them to admins', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Kumamoto water' });
    await give(stack, campaignId, { amount: 3000, currency: 'jpy', email: 'first@example.jp', subscribeToUpdates: true });
    await give(stack, campaignId, { amount: 4000, currency: 'jpy', email: 'second@example.jp', subscribeToUpdates: false });
    await stack.settled();
    await waitUntil('both receipts failed', async () => (await failed(stack, 'receipts')) === 2);
    const posted = await stack.app.request('POST', `/api/campaigns/${campaignId}/updates`, {
      token: coordinator,
      body: { title: 'Pumps running', body: 'Water is back in two districts.' },
    });
    expect(posted.status).toBe(201);
    await waitUntil('the update email failed', async () => (await failed(stack, 'update_deliveries')) === 1);
    const run = await stack.app.request('POST', '/api/finance/annual-receipts', { token: finance, body: { year: yearIn(stack.app.config.ORG_TIMEZONE) } });
    expect(run.status).toBe(202);
    await waitUntil('both annual receipts failed', async () => (await failed(stack, 'annual_receipts')) === 2);

    const listed = await stack.app.request('GET', '/api/mail/undelivered', { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ failedReceipts: 2, failedAnnualReceipts: 2, failedUpdates: 1 });
    expect(listed.body.receipts).toHaveLength(2);
    for (const receipt of listed.body.receipts) {
      expect(receipt).toMatchObject({ kind: 'receipt', attempts: ATTEMPTS, failedAt: expect.any(String) });
      expect(receipt.number).toMatch(/^KZ-\d{4}-\d{6}$/);
      expect(receipt.lastError).toMatch(/ECONNREFUSED/);
    }
    expect(listed.body.annualReceipts.map((a: { amount: number }) => a.amount).sort()).toEqual([3000, 4000]);
    for (const annual of listed.body.annualReceipts) {
      expect(annual).toMatchObject({ kind: 'annual', currency: 'jpy', attempts: ATTEMPTS, failedAt: expect.any(String), lastError: expect.stringMatching(/ECONNREFUSED/) });
      expect(annual.number).toMatch(/^KZA-\d{4}-\d{6}$/);
    }
    expect(listed.body.updates).toEqual([expect.objectContaining({ title: 'Pumps running', attempts: ATTEMPTS, failedAt: expect.any(String) })]);
    // The jobs handed their work over to these records: they finish, none is failed in the outbox.
    await waitUntil('the outbox to drain', async () => (await unfinishedOutbox(stack)) === 0);
    expect((await stack.app.sql(`SELECT count(*)::int AS n FROM outbox WHERE failed_at IS NOT NULL`))[0].n).toBe(0);
  });

  it('is for admins only, and checks what it is given', async () => {
    expect((await stack.app.request('GET', '/api/mail/undelivered', { token: coordinator })).status).toBe(403);
    expect((await stack.app.request('POST', '/api/mail/retry', { token: coordinator, body: { receiptIds: [] } })).status).toBe(403);
    expect((await stack.app.request('GET', '/api/mail/undelivered')).status).toBe(401);
    const bad = await stack.app.request('POST', '/api/mail/retry', { token: admin, body: { receiptIds: ['not-a-uuid'], annualReceiptIds: [42], deliveryIds: ['1; DROP'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.message).toContain('each of annualReceiptIds must be a UUID');
  });

  it('sends the chosen ones again once the mail server answers, each exactly once', async () => {
    mailServer = await startMailCatcher({ smtpPort });
    const listed = (await stack.app.request('GET', '/api/mail/undelivered', { token: admin })).body;
    const [first, second] = listed.receipts;

    const one = await stack.app.request('POST', '/api/mail/retry', { token: admin, body: { receiptIds: [first.id] } });
    expect(one.status).toBe(202);
    expect(one.body).toEqual({ receipts: 1, annualReceipts: 0, updates: 0 });
    const [mailed] = await mailServer.waitFor(1);
    expect(mailed.text).toContain(first.number);
    await waitUntil('the outbox to drain', async () => (await unfinishedOutbox(stack)) === 0);
    // Only what was chosen: the other receipt still waits.
    expect((await stack.app.request('GET', '/api/mail/undelivered', { token: admin })).body).toMatchObject({ failedReceipts: 1, failedAnnualReceipts: 2, failedUpdates: 1 });

    const annualIds = listed.annualReceipts.map((a: { id: string }) => a.id);
    const rest = await stack.app.request('POST', '/api/mail/retry', {
      token: admin,
      body: { receiptIds: [second.id, first.id], annualReceiptIds: annualIds, deliveryIds: [listed.updates[0].id] },
    });
    expect(rest.body).toEqual({ receipts: 1, annualReceipts: 2, updates: 1 });
    const all = await mailServer.waitFor(5);
    await waitUntil('the outbox to drain', async () => (await unfinishedOutbox(stack)) === 0);
    expect(all.map((m) => m.subject).join('\n')).toContain('Pumps running');
    const annualNumbers = listed.annualReceipts.map((a: { number: string }) => a.number);
    for (const number of annualNumbers) expect(all.filter((m) => m.text.includes(number))).toHaveLength(1);
    expect(new Set(mailServer.messages().map((m) => m.messageId)).size).toBe(5);
    expect(mailServer.messages()).toHaveLength(5);
    const after = (await stack.app.request('GET', '/api/mail/undelivered', { token: admin })).body;
    expect(after).toEqual({ failedReceipts: 0, failedAnnualReceipts: 0, failedUpdates: 0, receipts: [], annualReceipts: [], updates: [] });
  });

  it('serves the admin page for it', async () => {
    const page = await stack.app.request('GET', '/staff/mail', { headers: { 'accept-language': 'en' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Email</h1>');
    expect(page.text).toContain('/assets/staff-mail.js');
    expect((await stack.app.request('GET', '/assets/staff-mail.js')).status).toBe(200);
  });
});

describe('email that failed for good, sent again by the sweep', () => {
  it('waits while the mail server is away and sends every failed one once it answers', async () => {
    const smtpPort = await freePort();
    const stack = await startStack({ env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, MAIL_RETRY_SCALE: FAST_RETRIES, MAIL_RETRY_SWEEP_MS: '300' } });
    let mailServer: MailCatcher | undefined;
    try {
      const coordinator = await stack.app.staffToken('coordinator');
      const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd' });
      for (let i = 0; i < 3; i++) await give(stack, campaignId, { amount: 2500 + i, currency: 'usd', email: `sweep-${i}@example.org` });
      await stack.settled();
      await waitUntil('the receipts failed', async () => (await failed(stack, 'receipts')) === 3);
      // Sweeps that find the server still away leave the failed receipts as they are: no attempt beyond the last.
      await waitUntil('every failed receipt to have spent exactly its attempts', async () => {
        const rows = await stack.app.sql(`SELECT count(*)::int AS n FROM receipts WHERE failed_at IS NOT NULL AND send_attempts = $1`, [ATTEMPTS]);
        return rows[0].n === 3;
      });
      mailServer = await startMailCatcher({ smtpPort });
      const messages = await mailServer.waitFor(3);
      await waitUntil('the outbox to drain', async () => (await unfinishedOutbox(stack)) === 0);
      expect(new Set(messages.map((m) => m.to[0]))).toEqual(new Set(['sweep-0@example.org', 'sweep-1@example.org', 'sweep-2@example.org']));
      expect(mailServer.messages()).toHaveLength(3);
      expect(await failed(stack, 'receipts')).toBe(0);
    } finally {
      await stack.close();
      await mailServer?.close();
    }
  }, 60_000);
});
