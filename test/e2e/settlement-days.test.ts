import type Stripe from 'stripe';
import { Stack, activeCampaign, give, reconcile, startStack } from '../support/stack.js';

const DAY = 86_400;

/**
 * Over two weeks of a relief appeal on one Stripe account, in yen, dollars and euros, over the emulator's clock: gifts,
 * a dollar refund after the rate moved, a lost dispute on a euro gift, automatic payouts on the daily schedule and one
 * that fails at the bank. Run on a Japanese account (settles in yen) and on an American one (settles in dollars).
 */
describe.each(['jpy', 'usd'] as const)('over two weeks on an account that settles in %s', (settlementCurrency) => {
  let stack: Stack;
  let finance: string;
  let coordinator: string;
  const campaigns: Record<'jpy' | 'usd' | 'eur', string> = { jpy: '', usd: '', eur: '' };

  async function allPayouts(): Promise<Stripe.Payout[]> {
    const payouts: Stripe.Payout[] = [];
    for await (const payout of stack.stripe.payouts.list({ limit: 100 })) payouts.push(payout);
    return payouts;
  }

  async function totals(currency: 'jpy' | 'usd' | 'eur') {
    return (await stack.app.request('GET', `/api/campaigns/${campaigns[currency]}/totals`, { token: coordinator })).body;
  }

  beforeAll(async () => {
    stack = await startStack({ settlementCurrency });
    finance = await stack.app.staffToken('finance');
    coordinator = await stack.app.staffToken('coordinator');
    for (const currency of ['jpy', 'usd', 'eur'] as const) {
      campaigns[currency] = await activeCampaign(stack.app, coordinator, { currency, goalAmount: 10_000_000 });
    }
  });
  afterAll(() => stack.close());

  it('reconciles with no discrepancy: each payout is the net of its items, each currency balances, totals are exact', async () => {
    stack.emulator.setExchangeRates({ usd: 150, eur: 160 });
    const dollarGift = await give(stack, campaigns.usd, { amount: 2500, currency: 'usd' });
    await give(stack, campaigns.usd, { amount: 4000, currency: 'usd' });
    await give(stack, campaigns.jpy, { amount: 5000, currency: 'jpy' });
    await give(stack, campaigns.eur, { amount: 3000, currency: 'eur' });
    const disputed = await give(stack, campaigns.eur, { amount: 4000, currency: 'eur', paymentMethod: 'pm_card_createDispute' });
    await stack.settled();
    const [dispute] = (await stack.stripe.disputes.list({ payment_intent: disputed.paymentIntentId })).data;
    await stack.stripe.disputes.close(dispute.id);
    await stack.settled();

    // A week on: the funds became available and the daily schedule paid them out.
    stack.emulator.advanceClock(7 * DAY);
    await stack.settled();
    const firstWeek = await allPayouts();
    expect(firstWeek.filter((p) => p.automatic && p.status === 'paid').length).toBeGreaterThanOrEqual(1);

    // The dollar moves, then a dollar gift is refunded at the new rate; more gifts arrive.
    stack.emulator.setExchangeRates({ usd: 157.5 });
    await stack.stripe.refunds.create({ payment_intent: dollarGift.paymentIntentId });
    await give(stack, campaigns.jpy, { amount: 7000, currency: 'jpy' });
    await give(stack, campaigns.eur, { amount: 1500, currency: 'eur' });
    await stack.settled();

    // The next payout fails at the bank: its money comes back, and a later payout pays it out.
    stack.emulator.failNextPayout('account_closed');
    stack.emulator.advanceClock(7 * DAY);
    await stack.settled();
    stack.emulator.advanceClock(4 * DAY);
    await stack.settled();
    const payouts = await allPayouts();
    const paid = payouts.filter((p) => p.automatic && p.status === 'paid');
    const failed = payouts.filter((p) => p.status === 'failed');
    expect(paid.length).toBeGreaterThanOrEqual(2);
    expect(failed).toEqual([expect.objectContaining({ automatic: true, failure_code: 'account_closed', currency: settlementCurrency })]);

    const run = await reconcile(stack, finance);
    expect({ status: run.status, discrepancies: run.discrepancies }).toEqual({ status: 'completed', discrepancies: [] });

    // Each paid payout is the net of what Stripe says it paid out, and Kizuna's finance report agrees.
    const listed: { id: string; status: string; failureCode: string | null; netMatchesPayout: boolean }[] = (
      await stack.app.request('GET', '/api/finance/payouts', { token: finance })
    ).body;
    for (const payout of paid) {
      let net = 0;
      for await (const bt of stack.stripe.balanceTransactions.list({ payout: payout.id, limit: 100 })) if (bt.type !== 'payout') net += bt.net;
      expect({ payout: payout.id, net }).toEqual({ payout: payout.id, net: payout.amount });
      expect(listed.find((p) => p.id === payout.id)).toMatchObject({ status: 'paid', netMatchesPayout: true });
    }
    expect(listed.find((p) => p.id === failed[0].id)).toMatchObject({ status: 'failed', failureCode: 'account_closed' });

    // Every ledger transaction balances in each of its currencies, and so does the whole ledger.
    const unbalanced = await stack.app.sql(
      `SELECT transaction_id, currency, sum(amount)::text AS off FROM ledger_postings GROUP BY transaction_id, currency HAVING sum(amount) <> 0`,
    );
    expect(unbalanced).toEqual([]);
    // What the ledger holds at Stripe is what Stripe's balance holds: everything was paid out.
    const [{ held }] = await stack.app.sql(`SELECT COALESCE(sum(amount), 0)::bigint::text AS held FROM ledger_postings WHERE account = 'stripe_balance' AND currency = $1`, [
      settlementCurrency,
    ]);
    const balance = await stack.stripe.balance.retrieve();
    const stripeHolds = [...balance.available, ...balance.pending].filter((b) => b.currency === settlementCurrency).reduce((sum, b) => sum + b.amount, 0);
    expect(Number(held)).toBe(stripeHolds);

    // Campaign totals, each in its campaign's currency.
    expect(await totals('jpy')).toMatchObject({ currency: 'jpy', grossAmount: 12_000, refundedAmount: 0, disputedAmount: 0, raisedAmount: 12_000, donationCount: 2 });
    expect(await totals('usd')).toMatchObject({ currency: 'usd', grossAmount: 6500, refundedAmount: 2500, disputedAmount: 0, raisedAmount: 4000, donationCount: 2 });
    expect(await totals('eur')).toMatchObject({ currency: 'eur', grossAmount: 8500, refundedAmount: 0, disputedAmount: 4000, raisedAmount: 4500, donationCount: 3 });
  }, 300_000);
});
