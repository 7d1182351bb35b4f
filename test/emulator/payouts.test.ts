import Stripe from 'stripe';
import type { StripeEmulator, StripeEmulatorOptions } from '../../tools/stripe-emulator/emulator.js';
import { expandedTransaction, paidIntent, sdkFor, startEmulator } from './support.js';

const DAY = 86_400;

describe('funds and payouts over time', () => {
  let emulator: StripeEmulator;
  let stripe: Stripe;

  async function start(options: Partial<StripeEmulatorOptions> = {}) {
    emulator = await startEmulator(options);
    stripe = sdkFor(emulator);
  }
  afterEach(() => emulator.close());

  const balanceOf = async () => {
    const balance = await stripe.balance.retrieve();
    return { available: balance.available[0].amount, pending: balance.pending[0].amount };
  };

  async function paidOut(payoutId: string): Promise<Stripe.BalanceTransaction[]> {
    const transactions: Stripe.BalanceTransaction[] = [];
    for await (const transaction of stripe.balanceTransactions.list({ payout: payoutId, limit: 2 })) transactions.push(transaction);
    return transactions;
  }

  const eventsOf = (objectId: string) =>
    emulator
      .events()
      .filter((event) => (event.data.object as { id?: string }).id === objectId)
      .map((event) => event.type);

  const automaticPayouts = async () => (await stripe.payouts.list({ limit: 100 })).data.filter((payout) => payout.automatic).reverse();

  it('keeps card funds pending until available_on, four business days on at midnight in Japan, then sends balance.available', async () => {
    await start({ payoutSchedule: 'manual' });
    const transaction = expandedTransaction(await paidIntent(stripe, 10_000, 'jpy'));
    expect(transaction).toMatchObject({ status: 'pending', net: 9640 });
    expect(transaction.available_on % DAY).toBe(15 * 3600); // 00:00 in Tokyo is 15:00 UTC
    expect(transaction.available_on - transaction.created).toBeGreaterThan(3 * DAY);
    expect(transaction.available_on - transaction.created).toBeLessThanOrEqual(6 * DAY);
    expect(await balanceOf()).toEqual({ available: 0, pending: 9640 });

    emulator.advanceClock(transaction.available_on - emulator.nowSeconds() - 60);
    expect(await balanceOf()).toEqual({ available: 0, pending: 9640 });
    expect(emulator.events().map((event) => event.type)).not.toContain('balance.available');

    emulator.advanceClock(120);
    expect(await balanceOf()).toEqual({ available: 9640, pending: 0 });
    expect((await stripe.balanceTransactions.retrieve(transaction.id)).status).toBe('available');
    const [event] = emulator.events().filter((candidate) => candidate.type === 'balance.available');
    expect(event.created).toBe(transaction.available_on);
    expect(event.data.object).toMatchObject({ available: [{ amount: 9640, currency: 'jpy' }], pending: [{ amount: 0, currency: 'jpy' }] });
  });

  it('makes pm_card_bypassPending funds available at once', async () => {
    await start({ payoutSchedule: 'manual' });
    const transaction = expandedTransaction(await paidIntent(stripe, 10_000, 'jpy', 'pm_card_bypassPending'));
    expect(transaction).toMatchObject({ status: 'available', available_on: transaction.created });
    expect(await balanceOf()).toEqual({ available: 9640, pending: 0 });
    expect(emulator.events().at(-1)?.type).toBe('balance.available');
  });

  it('pays out the available balance every business day, itemised, with the events Stripe sends', async () => {
    await start();
    const refunded = await paidIntent(stripe, 5000, 'jpy');
    const kept = await paidIntent(stripe, 10_000, 'jpy');
    await stripe.refunds.create({ payment_intent: refunded.id, amount: 2000 });
    const atOnce = await paidIntent(stripe, 3000, 'jpy', 'pm_card_bypassPending');

    emulator.advanceClock(10 * DAY);
    const payouts = await automaticPayouts();
    // First the funds available at once (less the refund), then the card funds once they are available.
    expect(payouts.map((payout) => [payout.amount, payout.status, payout.currency, payout.reconciliation_status])).toEqual([
      [2892 - 2000, 'paid', 'jpy', 'completed'],
      [4820 + 9640, 'paid', 'jpy', 'completed'],
    ]);
    for (const payout of payouts) {
      expect(eventsOf(payout.id)).toEqual(['payout.created', 'payout.updated', 'payout.paid', 'payout.reconciliation_completed']);
      expect(payout.arrival_date).toBeGreaterThan(payout.created);
      const items = await paidOut(payout.id);
      const own = items.filter((item) => item.type === 'payout');
      expect(own.map((item) => [item.id, item.amount])).toEqual([[payout.balance_transaction, -payout.amount]]);
      expect(items.filter((item) => item.type !== 'payout').reduce((sum, item) => sum + item.net, 0)).toBe(payout.amount);
    }
    const sourcesOf = async (payout: Stripe.Payout) => (await paidOut(payout.id)).filter((item) => item.type !== 'payout').map((item) => item.source);
    expect(await sourcesOf(payouts[0])).toHaveLength(2);
    expect(await sourcesOf(payouts[0])).toContain(expandedTransaction(atOnce).source);
    expect((await sourcesOf(payouts[1])).sort()).toEqual([expandedTransaction(refunded).source, expandedTransaction(kept).source].sort());
    expect(await balanceOf()).toEqual({ available: 0, pending: 0 });
  });

  it('fails a payout at the bank on request and returns its money through a payout_failure transaction', async () => {
    await start();
    await paidIntent(stripe, 10_000, 'jpy', 'pm_card_bypassPending');
    const control = await fetch(`${emulator.url}/_emulator/payouts/fail-next`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ failure_code: 'account_closed' }),
    });
    expect(control.status).toBe(200);

    let failed: Stripe.Payout | undefined;
    for (let day = 0; day < 5 && !failed; day++) {
      emulator.advanceClock(DAY);
      failed = (await automaticPayouts()).find((payout) => payout.status === 'failed');
    }
    expect(failed).toMatchObject({ amount: 9640, failure_code: 'account_closed', failure_message: expect.any(String) });
    expect(eventsOf(failed!.id)).toEqual(['payout.created', 'payout.updated', 'payout.failed', 'payout.reconciliation_completed']);
    const returned = await stripe.balanceTransactions.retrieve(failed!.failure_balance_transaction as string);
    expect(returned).toMatchObject({ type: 'payout_failure', amount: 9640, net: 9640, currency: 'jpy', source: failed!.id, status: 'available' });

    // The next run pays the returned money out again, and lists the failure among what it paid.
    emulator.advanceClock(5 * DAY);
    const retry = (await automaticPayouts()).find((payout) => payout.status === 'paid');
    expect(retry?.amount).toBe(9640);
    expect((await paidOut(retry!.id)).map((item) => item.type).sort()).toEqual(['payout', 'payout_failure']);
    expect((await fetch(`${emulator.url}/_emulator/payouts/fail-next`, { method: 'POST', body: 'failure_code=nonsense' })).status).toBe(400);
  });

  it('makes API payouts manual: refused beyond the available balance, not itemised, paid on arrival', async () => {
    await start({ payoutSchedule: 'manual' });
    await paidIntent(stripe, 10_000, 'jpy', 'pm_card_bypassPending');
    await paidIntent(stripe, 5000, 'jpy');
    expect(await balanceOf()).toEqual({ available: 9640, pending: 4820 });

    // Pending funds do not count: only the available balance can be paid out.
    const refused = await stripe.payouts.create({ amount: 9641, currency: 'jpy' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused).toMatchObject({ statusCode: 400, code: 'balance_insufficient', param: 'amount' });

    const payout = await stripe.payouts.create({ amount: 9640, currency: 'jpy', metadata: { batch: 'b-1' } });
    expect(payout).toMatchObject({ status: 'pending', automatic: false, reconciliation_status: 'not_applicable', amount: 9640, metadata: { batch: 'b-1' } });
    expect(await balanceOf()).toEqual({ available: 0, pending: 4820 });
    await expect(stripe.balanceTransactions.list({ payout: payout.id })).rejects.toMatchObject({ type: 'StripeInvalidRequestError', param: 'payout' });

    emulator.advanceClock(4 * DAY);
    expect(await stripe.payouts.retrieve(payout.id)).toMatchObject({ status: 'paid' });
    expect(eventsOf(payout.id)).toEqual(['payout.created', 'payout.updated', 'payout.paid']);
    const updated = await stripe.payouts.update(payout.id, { metadata: { foo: 'bar' } });
    expect(updated.metadata).toEqual({ batch: 'b-1', foo: 'bar' });
    expect(emulator.events().at(-1)).toMatchObject({ type: 'payout.updated', data: { previous_attributes: { metadata: { batch: 'b-1' } } } });
    await expect(stripe.balanceTransactions.list({ payout: 'po_missing' })).rejects.toMatchObject({ code: 'resource_missing' });
  });

  it('alterPayoutAmount changes a payout and nothing it paid out, also over HTTP', async () => {
    await start();
    await paidIntent(stripe, 2500, 'jpy', 'pm_card_bypassPending');
    emulator.advanceClock(3 * DAY);
    const [payout] = await automaticPayouts();
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

  it('moves the clock over HTTP', async () => {
    await start();
    const before = emulator.nowSeconds();
    const response = await fetch(`${emulator.url}/_emulator/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"seconds": 3600}' });
    expect(response.status).toBe(200);
    expect((await response.json()).now).toBeGreaterThanOrEqual(before + 3600);
    const intent = await paidIntent(stripe, 1000, 'jpy');
    expect(intent.created).toBeGreaterThanOrEqual(before + 3600);
    expect((await fetch(`${emulator.url}/_emulator/clock/advance`, { method: 'POST', body: 'seconds=-5' })).status).toBe(400);
  });

  it('settles and pays out in dollars on a usd-settled emulator, two business days on', async () => {
    await start({ settlementCurrency: 'usd' });
    const transaction = expandedTransaction(await paidIntent(stripe, 2500, 'usd'));
    expect(transaction).toMatchObject({ currency: 'usd', status: 'pending', net: 2397 });
    expect(transaction.available_on % DAY).toBe(0); // midnight UTC
    expect(transaction.available_on - transaction.created).toBeLessThanOrEqual(4 * DAY);
    emulator.advanceClock(7 * DAY);
    const [payout] = await automaticPayouts();
    expect(payout).toMatchObject({ amount: 2397, currency: 'usd', status: 'paid', automatic: true });
    expect((await paidOut(payout.id)).map((item) => item.source)).toContain(transaction.source);
    expect((await stripe.balance.retrieve()).available).toEqual([{ amount: 0, currency: 'usd', source_types: { card: 0 } }]);
  });
});
