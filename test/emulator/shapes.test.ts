import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Stripe from 'stripe';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { rawRequest, sdkFor, startEmulator, startReceiver } from './support.js';
import type { Receiver } from './support.js';

const FIXTURES = join(process.cwd(), '../shared/stripe-fixtures');

/** Keys the SDK's pinned API version (2026-10-28.endive) added after the fixtures' snapshot (2026-08-21); schema.test.ts checks them against the SDK's types. */
const ADDED_SINCE_FIXTURES: Record<string, string[]> = {
  payment_intent: ['allowed_payment_method_types', 'payment_record'],
  dispute: ['intended_submission_method'],
};

/** Keys the fixtures show but Stripe includes only on `expand[]`: a charge's refunds, since 2022-11-15. */
const INCLUDABLE: Record<string, string[]> = { charge: ['refunds'] };

function fixtureKeys(name: string): string[] {
  const keys = Object.keys(JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')));
  return [...keys.filter((key) => !INCLUDABLE[name]?.includes(key)), ...(ADDED_SINCE_FIXTURES[name] ?? [])].sort();
}

function keysOf(object: object): string[] {
  return Object.keys(object).sort();
}

describe('object shapes match Stripe fixtures', () => {
  let emulator: StripeEmulator;
  let receiver: Receiver;
  let stripe: Stripe;

  beforeAll(async () => {
    receiver = await startReceiver();
    emulator = await startEmulator({ webhookUrl: receiver.url });
    stripe = sdkFor(emulator);
    const paid = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true });
    await stripe.refunds.create({
      payment_intent: (await stripe.paymentIntents.create({ amount: 3000, currency: 'jpy', payment_method: 'pm_card_refundFail', confirm: true })).id,
    });
    await stripe.paymentIntents.create({ amount: 900, currency: 'eur', payment_method: 'pm_card_createDisputeInquiry', confirm: true });
    await expect(stripe.paymentIntents.create({ amount: 700, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true })).rejects.toThrow();
    await stripe.paymentIntents.cancel((await stripe.paymentIntents.create({ amount: 800, currency: 'gbp' })).id);
    const [dispute] = (await stripe.disputes.list({ payment_intent: paid.id })).data;
    await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    await emulator.idle();
    await stripe.paymentIntents.create({ amount: 5000, currency: 'jpy', payment_method: 'pm_card_bypassPending', confirm: true });
    await stripe.payouts.create({ amount: 1000, currency: 'jpy' });
    emulator.advanceClock(7 * 86_400);
    await emulator.idle();
  });

  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });

  it.each([
    ['payment_intent', '/v1/payment_intents'],
    ['charge', '/v1/charges'],
    ['refund', '/v1/refunds'],
    ['balance_transaction', '/v1/balance_transactions'],
    ['payout', '/v1/payouts'],
    ['dispute', '/v1/disputes'],
    ['event', '/v1/events'],
  ])('every %s listed has the fixture keys', async (fixture, path) => {
    const listed = await rawRequest(emulator, 'GET', path, { limit: 100 });
    expect(listed.status).toBe(200);
    expect(listed.body.data.length).toBeGreaterThan(0);
    for (const object of listed.body.data) expect(keysOf(object)).toEqual(fixtureKeys(fixture));
  });

  it('events carry objects with the fixture keys of their kind, in the API and in webhooks', () => {
    const kinds = new Set<string>();
    const events = [...emulator.events(), ...receiver.deliveries.map((delivery) => delivery.event as any)];
    for (const event of events) {
      expect(keysOf(event)).toEqual(fixtureKeys('event'));
      const object = event.data.object as { object: string };
      kinds.add(object.object);
      expect(keysOf(object)).toEqual(fixtureKeys(object.object));
    }
    expect([...kinds].sort()).toEqual(['balance', 'charge', 'dispute', 'payment_intent', 'payout', 'refund']);
    expect(receiver.deliveries).toHaveLength(emulator.events().length);
  });

  it('the balance has the fixture keys, and a dispute its nested balance transactions', async () => {
    expect(keysOf(await rawRequest(emulator, 'GET', '/v1/balance').then((result) => result.body))).toEqual(fixtureKeys('balance'));
    const disputes = await stripe.disputes.list();
    const chargeback = disputes.data.find((dispute) => dispute.balance_transactions.length > 0)!;
    for (const transaction of chargeback.balance_transactions) expect(keysOf(transaction)).toEqual(fixtureKeys('balance_transaction'));
  });
});
