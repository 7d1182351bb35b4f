import { Stack, activeCampaign, give, reconcile, startStack } from '../support/stack.js';

/**
 * Dollars given to a campaign on a Japanese account, which settles in yen, with the emulator's clock and exchange
 * rates moved through its test controls (CONTRACT.md, "Stripe emulator": settlement, time). Every figure expected here
 * is read from Stripe's own balance transactions, never from a table of ours.
 */
describe('gifts in another currency than the settlement currency', () => {
  let stack: Stack;
  let finance: string;
  let coordinator: string;

  async function control(path: string, body: Record<string, number | string>) {
    const response = await fetch(`${stack.emulator.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return response.json();
  }

  /** Stripe's balance transaction for a charge or a refund, as the finance team would look it up. */
  async function balanceTransactionOf(id: string) {
    return stack.stripe.balanceTransactions.retrieve(id);
  }

  async function accountTotals(campaignId: string): Promise<Record<string, number>> {
    const rows: { key: string; total: string }[] = await stack.app.sql(
      `SELECT p.account || ' ' || p.currency AS key, sum(p.amount)::text AS total FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
        WHERE t.campaign_id = $1 GROUP BY 1 ORDER BY 1`,
      [campaignId],
    );
    return Object.fromEntries(rows.map((r) => [r.key, Number(r.total)]));
  }

  beforeAll(async () => {
    stack = await startStack({ control: true });
    finance = await stack.app.staffToken('finance');
    coordinator = await stack.app.staffToken('coordinator');
  });
  afterAll(() => stack.close());

  it('posts a $25.00 gift in dollars for the campaign and in yen at the Stripe balance; a refund at a later rate is an FX gain; the automatic payout matches', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd', goalAmount: 1_000_000 });
    await control('fx', { usd: 150.12 });
    const gift = await give(stack, campaignId, { amount: 2500, currency: 'usd', email: 'dollars@example.org' });
    await stack.settled();
    const intent = await stack.stripe.paymentIntents.retrieve(gift.paymentIntentId, { expand: ['latest_charge'] });
    const charge = intent.latest_charge as { balance_transaction: string };
    const chargeTransaction = await balanceTransactionOf(charge.balance_transaction);
    expect(chargeTransaction).toMatchObject({ currency: 'jpy', amount: 3753, exchange_rate: 150.12, status: 'pending' });

    await stack.sync();
    expect(await accountTotals(campaignId)).toMatchObject({
      'campaign_gross usd': -2500,
      'stripe_unsettled usd': 0,
      'fx_conversion usd': 2500,
      'fx_conversion jpy': -3753,
      'stripe_balance jpy': chargeTransaction.net,
      'stripe_fees jpy': chargeTransaction.fee,
    });

    // $10.00 refunded after the dollar fell to ¥148.00: it costs ¥1,480, ¥1,501 at the gift's rate.
    await control('fx', { usd: 148 });
    const refund = await stack.stripe.refunds.create({ payment_intent: gift.paymentIntentId, amount: 1000 });
    await stack.settled();
    const refundTransaction = await balanceTransactionOf(refund.balance_transaction as string);
    expect(refundTransaction).toMatchObject({ currency: 'jpy', amount: -1480, exchange_rate: 148 });
    await stack.sync();
    const ledger = await accountTotals(campaignId);
    expect(ledger).toMatchObject({ 'campaign_refunds usd': 1000, 'fx_gain_loss jpy': -21, 'stripe_balance jpy': chargeTransaction.net + refundTransaction.net });
    const unbalanced = await stack.app.sql(
      `SELECT t.id, p.currency FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id WHERE t.campaign_id = $1 GROUP BY 1, 2 HAVING sum(p.amount) <> 0`,
      [campaignId],
    );
    expect(unbalanced).toEqual([]);

    // The campaign's totals stay in dollars.
    const totals = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;
    expect(totals).toMatchObject({ currency: 'usd', grossAmount: 2500, refundedAmount: 1000, raisedAmount: 1500 });

    // A week on Stripe's clock: the funds become available and the daily automatic payout sweeps them, in yen.
    const { now } = await control('clock/advance', { seconds: 7 * 86_400 });
    await stack.settled();
    const [payout] = (await stack.stripe.payouts.list({ limit: 10 })).data;
    expect(payout).toMatchObject({ automatic: true, currency: 'jpy', status: 'paid', amount: chargeTransaction.net + refundTransaction.net });

    const run = await reconcile(stack, finance, new Date((now + 60) * 1000));
    expect({ status: run.status, discrepancies: run.discrepancies }).toEqual({ status: 'completed', discrepancies: [] });
    const listed = (await stack.app.request('GET', '/api/finance/payouts', { token: finance })).body;
    expect(listed.find((p: { id: string }) => p.id === payout.id)).toMatchObject({ automatic: true, net: payout.amount, netMatchesPayout: true });
    const report = (await stack.app.request('GET', `/api/finance/payouts/${payout.id}`, { token: finance })).body;
    expect(report.groups.donations.transactions[0]).toMatchObject({ amount: 3753, currency: 'jpy', exchangeRate: 150.12, presentmentAmount: 2500, presentmentCurrency: 'usd' });

    const summary = (await stack.app.request('GET', `/api/finance/summary?campaignId=${campaignId}`, { token: finance })).body.campaigns[0];
    expect(summary).toMatchObject({
      currency: 'usd',
      grossAmount: 2500,
      refundedAmount: 1000,
      settlement: { currency: 'jpy', balanceAmount: payout.amount, feeAmount: chargeTransaction.fee, fxGainAmount: 21, paidOutAmount: payout.amount, unsettledAmount: 0 },
    });
  }, 180_000);

  it("posts a dispute of a dollar gift in dollars for the campaign, and in yen at each movement's own rate, with its fees", async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd', goalAmount: 1_000_000 });
    await control('fx', { usd: 150.12 });
    const gift = await give(stack, campaignId, { amount: 5000, currency: 'usd', email: 'disputed@example.org', paymentMethod: 'pm_card_createDispute' });
    await stack.settled();
    // The funds were withdrawn when the dispute opened; the dispute is won after the dollar rose to ¥152.00.
    await control('fx', { usd: 152 });
    const [dispute] = (await stack.stripe.disputes.list({ payment_intent: gift.paymentIntentId })).data;
    await stack.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' } });
    await stack.settled();
    await stack.sync();

    const won = await stack.stripe.disputes.retrieve(dispute.id);
    const intent = await stack.stripe.paymentIntents.retrieve(gift.paymentIntentId, { expand: ['latest_charge'] });
    const charged = await balanceTransactionOf((intent.latest_charge as { balance_transaction: string }).balance_transaction);
    const [withdrawn, reinstated] = won.balance_transactions;
    expect([withdrawn.currency, reinstated.currency]).toEqual(['jpy', 'jpy']);
    expect(reinstated.amount).toBeGreaterThan(-withdrawn.amount);
    const sum = (pick: (t: { amount: number; fee: number }) => number) => won.balance_transactions.reduce((total, t) => total + pick(t), 0);
    // At the gift's rate the two movements cancel out; the yen the reinstatement brought beyond that is an FX gain (a credit).
    expect(await accountTotals(campaignId)).toMatchObject({
      'campaign_gross usd': -5000,
      'campaign_disputes usd': 0,
      'stripe_unsettled usd': 0,
      'fx_conversion usd': 5000,
      'fx_conversion jpy': -charged.amount,
      'fx_gain_loss jpy': -sum((t) => t.amount),
      'stripe_balance jpy': charged.net + sum((t) => t.amount - t.fee),
      'stripe_fees jpy': charged.fee + sum((t) => t.fee),
    });
    const totals = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;
    expect(totals).toMatchObject({ currency: 'usd', grossAmount: 5000, disputedAmount: 0, raisedAmount: 5000 });
    expect((await stack.app.request('GET', `/api/donations/${gift.donationId}`, { token: coordinator })).body.status).toBe('succeeded');
  }, 120_000);

  it('shows a failed automatic payout with its failure code, and posts the money back to the Stripe balance', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 1_000_000 });
    await give(stack, campaignId, { amount: 10_000, currency: 'jpy', email: 'yen@example.jp' });
    await stack.settled();
    const before = new Set((await stack.stripe.payouts.list({ limit: 100 })).data.map((p) => p.id));
    await control('payouts/fail-next', { failure_code: 'account_closed' });
    const { now } = await control('clock/advance', { seconds: 7 * 86_400 });
    await stack.settled();
    const [failed] = (await stack.stripe.payouts.list({ limit: 100 })).data.filter((p) => !before.has(p.id));
    expect(failed).toMatchObject({ automatic: true, status: 'failed', failure_code: 'account_closed' });

    const [ledger] = await stack.app.sql(
      `SELECT sum(p.amount) FILTER (WHERE p.account = 'bank')::int AS bank, count(DISTINCT t.kind)::int AS kinds
         FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id WHERE t.stripe_object_id = $1`,
      [failed.id],
    );
    // Paid out, then back: nothing is left in the bank, and both moves are in the ledger.
    expect(ledger).toEqual({ bank: 0, kinds: 2 });

    const run = await reconcile(stack, finance, new Date((now + 60) * 1000));
    expect({ status: run.status, discrepancies: run.discrepancies }).toEqual({ status: 'completed', discrepancies: [] });
    const listed = (await stack.app.request('GET', '/api/finance/payouts', { token: finance })).body;
    expect(listed.find((p: { id: string }) => p.id === failed.id)).toMatchObject({ status: 'failed', failureCode: 'account_closed', amount: failed.amount });
  }, 120_000);
});
