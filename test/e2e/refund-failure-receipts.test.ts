import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Stripe from 'stripe';
import { WorkerModule } from '../../src/worker.module.js';
import { type Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

/**
 * A refund that fails after it was posted. The emulator makes a real donation; the refund's events are then
 * delivered by the test itself, signed as Stripe signs them, so their order and timing are the test's to choose:
 * Stripe may say "failed" long after the refund was created, or before Kizuna ever heard of its creation.
 */
const signer = new Stripe('sk_test_unused');
let eventCount = 0;

interface RefundFacts {
  id: string;
  amount: number;
  status: 'pending' | 'failed';
}

async function deliverRefundEvent(stack: Stack, type: 'refund.created' | 'refund.failed', gift: { paymentIntentId: string }, refund: RefundFacts): Promise<void> {
  const intent = await stack.stripe.paymentIntents.retrieve(gift.paymentIntentId);
  const now = Math.floor(Date.now() / 1000);
  const object = {
    id: refund.id,
    object: 'refund',
    amount: refund.amount,
    currency: intent.currency,
    charge: intent.latest_charge,
    payment_intent: intent.id,
    status: refund.status,
    created: now - 60,
    metadata: {},
  };
  const payload = JSON.stringify({ id: `evt_refund_test_${++eventCount}_${now}`, object: 'event', type, created: now, livemode: false, data: { object }, api_version: null });
  const signature = signer.webhooks.generateTestHeaderString({ payload, secret: stack.app.config.STRIPE_WEBHOOK_SECRET });
  const answer = await stack.app.request('POST', '/api/webhooks/stripe', { rawBody: payload, headers: { 'content-type': 'application/json', 'stripe-signature': signature } });
  expect(answer.status).toBe(200);
}

interface DocumentRow {
  kind: string;
  number: string;
  sequence: number;
  sent_at: Date | null;
  withdrawn_at: Date | null;
}

const documents = (stack: Stack, donationId: string) =>
  stack.app.sql<DocumentRow>(`SELECT kind, number, sequence, sent_at, withdrawn_at FROM receipts WHERE donation_id = $1 ORDER BY year, sequence`, [donationId]);

const unfinishedOutbox = async (stack: Stack) => (await stack.app.sql(`SELECT count(*)::int AS n FROM outbox WHERE completed_at IS NULL AND failed_at IS NULL`))[0].n as number;

const mailTo = (stack: Stack, email: string) => stack.mail.messages().filter((m) => m.to.includes(email));

async function receiptSent(stack: Stack, donationId: string): Promise<void> {
  await waitUntil('the receipt to be sent', async () => (await documents(stack, donationId)).some((d) => d.kind === 'receipt' && d.sent_at));
}

describe('receipts when a refund fails', () => {
  let stack: Stack;
  let coordinator: string;
  let campaignId: string;
  beforeAll(async () => {
    stack = await startStack();
    coordinator = await stack.app.staffToken('coordinator');
    campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd', title: 'Van earthquake shelters' });
  });
  afterAll(() => stack.close());

  it('issues the receipt again, with the next number, when a refund fails after its cancellation went out', async () => {
    const email = 'cancelled-then-restored@example.org';
    const gift = await give(stack, campaignId, { amount: 4000, currency: 'usd', email, language: 'en' });
    await stack.settled();
    await receiptSent(stack, gift.donationId);

    const refund: RefundFacts = { id: `re_test_full_${Date.now()}`, amount: 4000, status: 'pending' };
    await deliverRefundEvent(stack, 'refund.created', gift, refund);
    await waitUntil('the cancellation to go out', async () => (await documents(stack, gift.donationId)).some((d) => d.kind === 'cancellation' && d.sent_at));
    expect((await stack.app.request('GET', `/api/donations/${gift.donationId}`, { token: coordinator })).body.status).toBe('refunded');

    // The bank refuses the refund days later; the money comes back.
    await deliverRefundEvent(stack, 'refund.failed', gift, { ...refund, status: 'failed' });
    const rows = await waitUntil('the receipt issued again to go out', async () => {
      const found = await documents(stack, gift.donationId);
      return found.length === 3 && found[2].sent_at ? found : null;
    });
    expect(rows.map((r) => r.kind)).toEqual(['receipt', 'cancellation', 'reissue']);
    const [original, cancellation, reissue] = rows;
    // Numbered from the same series as every receipt, each number once, none skipped.
    const year = new Date().getUTCFullYear();
    expect(reissue.number).toMatch(new RegExp(`^KZ-${year}-\\d{6}$`));
    expect(new Set(rows.map((r) => r.number)).size).toBe(3);
    const allSequences = (await stack.app.sql(`SELECT sequence FROM receipts WHERE year = $1 ORDER BY sequence`, [year])).map((r) => r.sequence);
    expect(allSequences).toEqual(Array.from({ length: allSequences.length }, (_, i) => i + 1));
    expect(reissue.sequence).toBeGreaterThan(cancellation.sequence);

    const messages = await waitUntil('three emails to the donor', async () => (mailTo(stack, email).length >= 3 ? mailTo(stack, email) : null));
    const restored = messages.find((m) => m.text.includes(reissue.number))!;
    expect(restored.subject).toContain('issued again');
    expect(restored.text).toContain('could not be completed');
    expect(restored.text).toContain(cancellation.number);
    expect(restored.text).toContain('$40.00');
    expect(restored.messageId).toBe(`<reissue.${refund.id}@test.kizuna>`);
    expect(restored.attachments).toEqual([expect.objectContaining({ filename: `${reissue.number}.pdf`, contentType: 'application/pdf' })]);
    expect(original.number).not.toBe(reissue.number);
    expect((await stack.app.request('GET', `/api/donations/${gift.donationId}`, { token: coordinator })).body.status).toBe('succeeded');

    // Stripe tells it again, under another event id: nothing more is issued or sent.
    await deliverRefundEvent(stack, 'refund.failed', gift, { ...refund, status: 'failed' });
    await waitUntil('the outbox to drain', async () => (await unfinishedOutbox(stack)) === 0);
    expect(await documents(stack, gift.donationId)).toHaveLength(3);
    expect(mailTo(stack, email)).toHaveLength(3);
  });

  it('puts a partial refund that failed right the same way: the corrected receipt is replaced by the full one', async () => {
    const email = 'corrected-then-restored@example.org';
    const gift = await give(stack, campaignId, { amount: 5000, currency: 'usd', email, language: 'ja' });
    await stack.settled();
    await receiptSent(stack, gift.donationId);
    const refund: RefundFacts = { id: `re_test_partial_${Date.now()}`, amount: 1500, status: 'pending' };
    await deliverRefundEvent(stack, 'refund.created', gift, refund);
    await waitUntil('the correction to go out', async () => (await documents(stack, gift.donationId)).some((d) => d.kind === 'correction' && d.sent_at));
    await deliverRefundEvent(stack, 'refund.failed', gift, { ...refund, status: 'failed' });
    const rows = await waitUntil('the receipt issued again', async () => {
      const found = await documents(stack, gift.donationId);
      return found.length === 3 && found[2].sent_at ? found : null;
    });
    expect(rows.map((r) => r.kind)).toEqual(['receipt', 'correction', 'reissue']);
    const restored = await waitUntil('the email', async () => mailTo(stack, email).find((m) => m.text.includes(rows[2].number)));
    expect(restored.subject).toContain('再発行');
    expect(restored.text).toContain(rows[1].number);
    expect(restored.text).toContain('$50.00');
  });

  it('never issues a correction for a refund Stripe reports failed before its creation', async () => {
    const email = 'failed-first@example.org';
    const gift = await give(stack, campaignId, { amount: 3000, currency: 'usd', email });
    await stack.settled();
    await receiptSent(stack, gift.donationId);
    const refund: RefundFacts = { id: `re_test_reversed_${Date.now()}`, amount: 1000, status: 'failed' };
    await deliverRefundEvent(stack, 'refund.failed', gift, refund);
    await deliverRefundEvent(stack, 'refund.created', gift, { ...refund, status: 'pending' });
    await waitUntil('the outbox to drain', async () => (await unfinishedOutbox(stack)) === 0);
    expect((await documents(stack, gift.donationId)).map((d) => d.kind)).toEqual(['receipt']);
    expect(mailTo(stack, email)).toHaveLength(1);
    const totals = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;
    expect(totals.refundedAmount).toBe(0);
  });
});

describe('a refund that failed before the worker got to its correction', () => {
  let stack: Stack;
  let worker: INestApplicationContext | undefined;
  afterAll(async () => {
    await worker?.close();
    await stack.close();
  });

  it('sends the original receipt only: the correction is neither sent nor numbered', async () => {
    stack = await startStack({ withoutWorker: true });
    const coordinator = await stack.app.staffToken('coordinator');
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
    const email = 'worker-late@example.jp';
    const gift = await give(stack, campaignId, { amount: 8000, currency: 'jpy', email });
    await stack.settled();
    // Both the refund and its failure are in before any job runs.
    const refund: RefundFacts = { id: `re_test_before_worker_${Date.now()}`, amount: 3000, status: 'pending' };
    await deliverRefundEvent(stack, 'refund.created', gift, refund);
    await deliverRefundEvent(stack, 'refund.failed', gift, { ...refund, status: 'failed' });

    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(stack.app.config), { logger: false });
    await receiptSent(stack, gift.donationId);
    await waitUntil('the outbox to drain', async () => (await unfinishedOutbox(stack)) === 0);
    const rows = await documents(stack, gift.donationId);
    expect(rows.map((r) => [r.kind, r.sequence])).toEqual([['receipt', 1]]);
    const mail = mailTo(stack, email);
    expect(mail).toHaveLength(1);
    expect(mail[0].messageId).toBe(`<receipt.${gift.donationId}@test.kizuna>`);
  });
});
