import { Stack, activeCampaign, give, startStack } from '../support/stack.js';

describe('donations through Stripe (emulator)', () => {
  let stack: Stack;
  let coordinator: string;
  beforeAll(async () => {
    stack = await startStack();
    coordinator = await stack.app.staffToken('coordinator');
  });
  afterAll(() => stack.close());

  const totals = async (campaignId: string) => (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;
  const donation = async (id: string) => (await stack.app.request('GET', `/api/donations/${id}`, { token: coordinator })).body;

  it('takes ¥5,000 in jpy: succeeded, totals exact, and the fee (3.6%) posted after the sync', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 1_000_000 });
    const gift = await give(stack, campaignId, { amount: 5000, currency: 'jpy', email: 'hanako@example.jp' });
    await stack.settled();
    expect(await donation(gift.donationId)).toMatchObject({ status: 'succeeded', amount: 5000, currency: 'jpy', paymentIntentId: gift.paymentIntentId });
    expect(await totals(campaignId)).toMatchObject({
      currency: 'jpy',
      goalAmount: 1_000_000,
      raisedAmount: 5000,
      grossAmount: 5000,
      feeAmount: 0,
      netAmount: 5000,
      donationCount: 1,
      donorCount: 1,
    });

    await stack.sync();
    expect(await totals(campaignId)).toMatchObject({ raisedAmount: 5000, grossAmount: 5000, feeAmount: 180, netAmount: 4820 });
    const publicView = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`)).body;
    expect(publicView).toEqual({ currency: 'jpy', goalAmount: 1_000_000, raisedAmount: 5000, donationCount: 1, donorCount: 1, pendingAmount: 0, pendingCount: 0 });
  });

  it('shows the public a new gift within a second, and staff at once', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 1_000_000 });
    const publicTotals = async () => (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`)).body;
    expect(await publicTotals()).toMatchObject({ raisedAmount: 0, donationCount: 0 });
    await give(stack, campaignId, { amount: 3000, currency: 'jpy' });
    await stack.settled();
    expect(await totals(campaignId)).toMatchObject({ raisedAmount: 3000, donationCount: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await publicTotals()).toMatchObject({ raisedAmount: 3000, donationCount: 1 });
  });

  it('takes $25.00 on the yen account: raised in dollars, its fee in yen with the rate in the finance summary', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd' });
    const gift = await give(stack, campaignId, { amount: 2500, currency: 'usd' });
    await stack.settled();
    await stack.sync();
    expect((await donation(gift.donationId)).status).toBe('succeeded');
    // Stripe kept no dollars: the campaign's dollar totals carry no fee, the yen settlement does.
    expect(await totals(campaignId)).toMatchObject({ currency: 'usd', raisedAmount: 2500, grossAmount: 2500, feeAmount: 0, netAmount: 2500, donationCount: 1 });
    const [charge] = (await stack.stripe.charges.list({ payment_intent: gift.paymentIntentId, expand: ['data.balance_transaction'] })).data;
    const settled = charge.balance_transaction as { amount: number; fee: number; currency: string; exchange_rate: number };
    expect(settled).toMatchObject({ currency: 'jpy', amount: Math.round(25 * settled.exchange_rate) });
    const finance = await stack.app.staffToken('finance');
    const summary = (await stack.app.request('GET', `/api/finance/summary?campaignId=${campaignId}`, { token: finance })).body.campaigns[0];
    expect(summary.settlement).toMatchObject({ currency: 'jpy', feeAmount: settled.fee, unsettledAmount: 0 });
  });

  it('marks a declined card failed and leaves the totals unchanged', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
    const gift = await give(stack, campaignId, { amount: 3000, currency: 'jpy', paymentMethod: 'pm_card_visa_chargeDeclined' });
    expect(gift.declined).toBe(true);
    await stack.settled();
    await stack.sync();
    expect((await donation(gift.donationId)).status).toBe('failed');
    expect(await totals(campaignId)).toMatchObject({ raisedAmount: 0, grossAmount: 0, feeAmount: 0, donationCount: 0, donorCount: 0 });
  });

  it('adds the covered fee when the donor chooses to cover it, and shows it to staff', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
    const created = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, {
      body: { amount: 5000, currency: 'jpy', email: 'cover@example.jp', coverFees: true },
    });
    expect(created.body).toMatchObject({ amount: 5000, coveredFeeAmount: 187, chargeAmount: 5187 });
    await stack.stripe.paymentIntents.confirm(created.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    await stack.settled();
    await stack.sync();
    // ¥5,187 charged, Stripe keeps 3.6% = ¥187: the campaign nets the ¥5,000 the donor meant to give.
    expect(await totals(campaignId)).toMatchObject({ grossAmount: 5187, feeAmount: 187, netAmount: 5000, coveredFeeAmount: 187 });
  });

  it('finds or creates the donor by email, whatever its case', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd' });
    await give(stack, campaignId, { amount: 1000, currency: 'usd', email: 'Same.Donor@Example.org' });
    await give(stack, campaignId, { amount: 2000, currency: 'usd', email: 'same.donor@example.ORG' });
    await stack.settled();
    expect(await totals(campaignId)).toMatchObject({ raisedAmount: 3000, donationCount: 2, donorCount: 1 });
    expect(await stack.app.sql(`SELECT email FROM donors WHERE email LIKE 'same.donor%'`)).toEqual([{ email: 'same.donor@example.org' }]);
  });

  it('takes 200 concurrent donations to one campaign with exact totals and donor count', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 99_999_999 });
    const gifts = Array.from({ length: 200 }, (_, i) => ({ amount: 1000 + i, currency: 'jpy', email: `surge-${i % 150}@example.jp` }));
    await Promise.all(gifts.map((gift) => give(stack, campaignId, gift)));
    await stack.settled();
    const expected = gifts.reduce((sum, g) => sum + g.amount, 0);
    expect(await totals(campaignId)).toMatchObject({ raisedAmount: expected, grossAmount: expected, donationCount: 200, donorCount: 150 });
    const [ledger] = await stack.app.sql(
      `SELECT -sum(p.amount)::int AS gross FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
        WHERE t.campaign_id = $1 AND p.account = 'campaign_gross'`,
      [campaignId],
    );
    expect(ledger.gross).toBe(expected);
  });

  it('returns the same donation for a retried Idempotency-Key, and refuses the key with another body (422)', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd' });
    const body = { amount: 5000, currency: 'usd', email: 'retry@example.org' };
    const headers = { 'idempotency-key': `retry-${campaignId}` };
    const [first, second] = await Promise.all([
      stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, { body, headers }),
      stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, { body, headers }),
    ]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.donationId).toBe(first.body.donationId);
    expect(second.body.paymentIntentId).toBe(first.body.paymentIntentId);
    const changed = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, { body: { ...body, amount: 6000 }, headers });
    expect(changed.status).toBe(422);
    expect(changed.body.message).toMatch(/Idempotency-Key was already used with a different request/);
    expect(await stack.app.sql('SELECT count(*)::int AS n FROM donations WHERE campaign_id = $1', [campaignId])).toEqual([{ n: 1 }]);
    const intent = await stack.stripe.paymentIntents.retrieve(first.body.paymentIntentId);
    expect(intent.metadata).toEqual({ donation_id: first.body.donationId, campaign_id: campaignId });
  });

  it('fixes the campaign currency once a donation exists', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd' });
    await give(stack, campaignId, { amount: 1000, currency: 'usd' });
    const result = await stack.app.request('PATCH', `/api/campaigns/${campaignId}`, { token: coordinator, body: { currency: 'eur' } });
    expect(result.status).toBe(409);
    expect(result.body.message).toBe('currency is fixed once a donation exists');
  });

  it('keeps every ledger transaction balanced, and the database refuses one that is not', async () => {
    await stack.settled();
    expect(await stack.app.sql(`SELECT transaction_id FROM ledger_postings GROUP BY transaction_id, currency HAVING sum(amount) <> 0`)).toEqual([]);
    expect((await stack.app.sql(`SELECT count(*)::int AS n FROM ledger_transactions`))[0].n).toBeGreaterThan(200);
    await expect(
      stack.app.sql(`
        WITH t AS (INSERT INTO ledger_transactions (kind, stripe_object_id, currency, occurred_at) VALUES ('charge', 'ch_unbalanced', 'usd', now()) RETURNING id)
        INSERT INTO ledger_postings (transaction_id, account, amount, currency) SELECT id, 'stripe_balance', 100, 'usd' FROM t`),
    ).rejects.toThrow(/does not balance/);
    await expect(stack.app.sql(`UPDATE ledger_postings SET amount = amount + 1`)).rejects.toThrow(/append-only/);
  });
});

describe('donations on an account that settles in dollars', () => {
  let stack: Stack;
  let coordinator: string;
  beforeAll(async () => {
    stack = await startStack({ settlementCurrency: 'usd' });
    coordinator = await stack.app.staffToken('coordinator');
  });
  afterAll(() => stack.close());

  it('takes $25.00 in usd: succeeded, fee 2.9% + 30¢ = $1.03 after the sync', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd' });
    const gift = await give(stack, campaignId, { amount: 2500, currency: 'usd' });
    await stack.settled();
    await stack.sync();
    const totals = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;
    expect(totals).toMatchObject({ currency: 'usd', raisedAmount: 2500, grossAmount: 2500, feeAmount: 103, netAmount: 2397, donationCount: 1 });
    expect((await stack.app.request('GET', `/api/donations/${gift.donationId}`, { token: coordinator })).body.status).toBe('succeeded');
  });
});
