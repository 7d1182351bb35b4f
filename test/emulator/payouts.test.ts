import Stripe from 'stripe';
import type { StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { paidIntent, sdkFor, startEmulator } from './support.js';

describe('payouts', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  beforeEach(async () => {
    emulator = await startEmulator();
    stripe = sdkFor(emulator);
  });
  afterEach(() => emulator.close());

  const available = async (currency: string) => (await stripe.balance.retrieve()).available.find((entry) => entry.currency === currency)?.amount ?? 0;

  async function paidOut(payoutId: string): Promise<Stripe.BalanceTransaction[]> {
    const transactions: Stripe.BalanceTransaction[] = [];
    for await (const transaction of stripe.balanceTransactions.list({ payout: payoutId, limit: 2 })) transactions.push(transaction);
    return transactions;
  }

  it('pays out the available balance; the transactions it lists sum to its amount', async () => {
    const kept = await paidIntent(stripe, 2500);
    const refunded = await paidIntent(stripe, 10_000);
    await stripe.refunds.create({ payment_intent: refunded.id, amount: 3000 });
    await paidIntent(stripe, 5000, 'usd', 'pm_card_createDispute');
    await paidIntent(stripe, 5000, 'jpy');
    const amount = await available('usd');
    expect(amount).toBe(2397 + 9680 - 3000 + 4825 - 6500);

    const payout = await stripe.payouts.create({ amount, currency: 'usd', metadata: { batch: 'b-1' } });
    expect(payout).toMatchObject({ id: expect.stringMatching(/^po_/), status: 'paid', amount, currency: 'usd', reconciliation_status: 'completed', metadata: { batch: 'b-1' } });
    expect(await available('usd')).toBe(0);
    expect(await available('jpy')).toBe(4820);

    const transactions = await paidOut(payout.id);
    const own = transactions.filter((transaction) => transaction.type === 'payout');
    const swept = transactions.filter((transaction) => transaction.type !== 'payout');
    expect(own.map((transaction) => [transaction.id, transaction.amount, transaction.source])).toEqual([[payout.balance_transaction, -amount, payout.id]]);
    expect(swept.map((transaction) => transaction.type).sort()).toEqual(['adjustment', 'charge', 'charge', 'charge', 'refund']);
    expect(swept.reduce((sum, transaction) => sum + transaction.net, 0)).toBe(payout.amount);
    expect(swept.map((transaction) => transaction.source)).toContain((kept.latest_charge as Stripe.Charge).id);
    expect(
      emulator
        .events()
        .map((event) => event.type)
        .slice(-3),
    ).toEqual(['payout.created', 'payout.paid', 'payout.reconciliation_completed']);

    // A second payout takes only what came in since.
    await paidIntent(stripe, 1000);
    const second = await stripe.payouts.create({ amount: await available('usd'), currency: 'usd' });
    const secondSwept = (await paidOut(second.id)).filter((transaction) => transaction.type !== 'payout');
    expect(secondSwept.map((transaction) => transaction.net)).toEqual([941]);
    expect(second.amount).toBe(941);
  });

  it('refuses a payout above the available balance', async () => {
    await paidIntent(stripe, 2500);
    const error = await stripe.payouts.create({ amount: 2398, currency: 'usd' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: 'balance_insufficient' });
    await expect(stripe.payouts.create({ amount: 100, currency: 'jpy' })).rejects.toMatchObject({ code: 'balance_insufficient' });
    await expect(stripe.payouts.create({ amount: 2397, currency: 'usd' })).resolves.toMatchObject({ status: 'paid' });
  });

  it('a smaller payout takes the oldest transactions until its amount is covered', async () => {
    const first = await paidIntent(stripe, 2500);
    await paidIntent(stripe, 5000);
    const payout = await stripe.payouts.create({ amount: 1100, currency: 'usd' });
    const swept = (await paidOut(payout.id)).filter((transaction) => transaction.type !== 'payout');
    expect(swept.map((transaction) => transaction.source)).toEqual([(first.latest_charge as Stripe.Charge).id]);
  });

  it('alterPayoutAmount changes the payout and nothing it paid out, also over HTTP', async () => {
    await paidIntent(stripe, 2500);
    const payout = await stripe.payouts.create({ amount: 2397, currency: 'usd' });
    const before = await paidOut(payout.id);
    expect(emulator.alterPayoutAmount(payout.id, 2000).amount).toBe(2000);
    expect((await stripe.payouts.retrieve(payout.id)).amount).toBe(2000);
    expect(await paidOut(payout.id)).toEqual(before);
    const response = await fetch(`${emulator.url}/_emulator/payouts/${payout.id}/alter`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ amount: 2500 }),
    });
    expect(response.status).toBe(200);
    expect((await stripe.payouts.retrieve(payout.id)).amount).toBe(2500);
    expect(await paidOut(payout.id)).toEqual(before);
    expect((await fetch(`${emulator.url}/_emulator/payouts/po_missing/alter`, { method: 'POST', body: 'amount=1' })).status).toBe(404);
  });

  it('updates metadata with a payout.updated event, lists payouts, and checks the payout filter', async () => {
    await paidIntent(stripe, 2500);
    const payout = await stripe.payouts.create({ amount: 1000, currency: 'usd' });
    const updated = await stripe.payouts.update(payout.id, { metadata: { foo: 'bar' } });
    expect(updated.metadata).toEqual({ foo: 'bar' });
    const [event] = emulator.events().slice(-1);
    expect(event).toMatchObject({ type: 'payout.updated', data: { previous_attributes: { metadata: {} } } });
    expect((await stripe.payouts.list()).data.map((item) => item.id)).toEqual([payout.id]);
    await expect(stripe.balanceTransactions.list({ payout: 'po_missing' })).rejects.toMatchObject({ code: 'resource_missing' });
  });
});
