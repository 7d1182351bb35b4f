import { Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { coveredFee } from '../../src/stripe/fees.js';
import { waitUntil } from '../support/wait.js';

describe('konbini and bank-transfer pledges', () => {
  let stack: Stack;
  let coordinator: string;
  let campaignId: string;
  beforeAll(async () => {
    stack = await startStack();
    coordinator = await stack.app.staffToken('coordinator');
    campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 10_000_000 });
  });
  afterAll(() => stack.close());

  const pledge = (body: Record<string, unknown>, campaign = campaignId) =>
    stack.app.request('POST', `/api/campaigns/${campaign}/donations`, { body: { currency: 'jpy', name: '山田 花子', ...body } });
  // Staff read the totals uncached.
  const totals = async () => (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;
  const statusOf = async (created: { donationId: string; statusToken: string }) =>
    (await stack.app.request('GET', `/api/donations/${created.donationId}/status?token=${created.statusToken}`)).body;
  const receipts = async (donationId: string) =>
    (await stack.app.sql(`SELECT number FROM notifications_receipts_v WHERE donation_id = $1 AND kind = 'receipt'`, [donationId])).length;

  it('a konbini voucher is a pledge until paid, then raised money with a receipt', async () => {
    const before = await totals();
    const created = await pledge({ amount: 3000, email: 'hanako@example.jp', paymentMethod: 'konbini' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'awaiting_payment', paymentMethod: 'konbini', nextAction: { type: 'konbini', voucherUrl: expect.any(String) } });
    const deadline = new Date(created.body.nextAction.expiresAt);
    // Three days on, at 23:59:59 Japan time.
    expect(deadline.getTime() - Date.now()).toBeGreaterThan(2 * 86_400_000);
    expect(deadline.toLocaleString('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' })).toBe('23:59');
    await stack.settled();
    expect(await totals()).toMatchObject({ pendingAmount: before.pendingAmount + 3000, pendingCount: before.pendingCount + 1, raisedAmount: before.raisedAmount });
    expect(await statusOf(created.body)).toMatchObject({ status: 'awaiting_payment', nextAction: { type: 'konbini' } });

    stack.emulator.advanceClock(181);
    await stack.settled();
    await waitUntil('the voucher paid', async () => ((await statusOf(created.body)).status === 'succeeded' ? true : null));
    expect(await totals()).toMatchObject({ pendingAmount: before.pendingAmount, pendingCount: before.pendingCount, raisedAmount: before.raisedAmount + 3000 });
    await waitUntil('the receipt', async () => ((await receipts(created.body.donationId)) === 1 ? true : null));
  });

  it('an expired voucher leaves no pledge, no money and no receipt', async () => {
    const before = await totals();
    const created = await pledge({ amount: 5000, email: 'late_expire_immediately@example.jp', paymentMethod: 'konbini' });
    expect(created.status).toBe(201);
    await stack.settled();
    await waitUntil('the voucher expired', async () => ((await statusOf(created.body)).status === 'expired' ? true : null));
    expect(await totals()).toMatchObject({ pendingAmount: before.pendingAmount, pendingCount: before.pendingCount, raisedAmount: before.raisedAmount });
    expect(await receipts(created.body.donationId)).toBe(0);
  });

  it('a bank transfer funded in two parts shows what remains, then succeeds; the donor keeps one Stripe customer', async () => {
    const before = await totals();
    const created = await pledge({ amount: 50_000, email: 'transfer@example.jp', paymentMethod: 'bank_transfer' });
    expect(created.status).toBe(201);
    expect(created.body.nextAction).toMatchObject({ type: 'bank_transfer', bankName: expect.any(String), accountNumber: expect.any(String), amountRemaining: 50_000 });
    const [donor] = await stack.app.sql(`SELECT stripe_customer_id FROM donors WHERE email = 'transfer@example.jp'`);
    expect(donor.stripe_customer_id).toMatch(/^cus_/);

    await stack.stripe.testHelpers.customers.fundCashBalance(donor.stripe_customer_id, { amount: 20_000, currency: 'jpy' });
    await stack.settled();
    await waitUntil('the part received', async () => ((await statusOf(created.body)).nextAction?.amountRemaining === 30_000 ? true : null));
    expect(await totals()).toMatchObject({ pendingAmount: before.pendingAmount + 50_000, raisedAmount: before.raisedAmount });

    await stack.stripe.testHelpers.customers.fundCashBalance(donor.stripe_customer_id, { amount: 30_000, currency: 'jpy' });
    await stack.settled();
    await waitUntil('the transfer paid', async () => ((await statusOf(created.body)).status === 'succeeded' ? true : null));
    expect(await totals()).toMatchObject({ pendingAmount: before.pendingAmount, raisedAmount: before.raisedAmount + 50_000 });

    const again = await pledge({ amount: 1000, email: 'TRANSFER@example.jp', paymentMethod: 'bank_transfer' });
    expect(again.body.nextAction.accountNumber).toBe(created.body.nextAction.accountNumber);
    expect(await stack.app.sql(`SELECT count(*)::int AS n FROM donors WHERE stripe_customer_id IS NOT NULL`)).toEqual([{ n: 1 }]);
  });

  it('refuses, before anything is created, what Stripe would refuse for the method', async () => {
    const dollars = await activeCampaign(stack.app, coordinator, { currency: 'usd' });
    const count = async () => (await stack.app.sql(`SELECT count(*)::int AS n FROM donations`))[0].n;
    const before = await count();
    expect(
      (
        await stack.app.request('POST', `/api/campaigns/${dollars}/donations`, {
          body: { amount: 2500, currency: 'usd', email: 'a@example.org', paymentMethod: 'konbini', name: 'A' },
        })
      ).body.code,
    ).toBe('payment_method_unavailable');
    expect((await pledge({ amount: 3000, email: 'a@example.jp', paymentMethod: 'konbini', name: undefined })).body.code).toBe('name_required');
    expect((await pledge({ amount: 300_001, email: 'a@example.jp', paymentMethod: 'konbini' })).body.code).toBe('amount_above_maximum');
    expect((await pledge({ amount: 119, email: 'a@example.jp', paymentMethod: 'konbini' })).body.code).toBe('amount_below_minimum');
    expect((await pledge({ amount: 3000, email: 'a@example.jp', paymentMethod: 'paypay' })).body.code).toBe('validation_failed');
    expect(await count()).toBe(before);
  });

  it('shows finance the pledges awaiting payment and the expired ones, as JSON and CSV, and counts them apart in the summary', async () => {
    const finance = await stack.app.staffToken('finance');
    const campaign = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Wajima, "shelters"' });
    const voucher = (await pledge({ amount: 3000, email: 'wait@example.jp', paymentMethod: 'konbini' }, campaign)).body;
    const transfer = (await pledge({ amount: 10_000, email: 'part@example.jp', paymentMethod: 'bank_transfer', anonymous: true }, campaign)).body;
    const lapsed = (await pledge({ amount: 2000, email: 'lapse_expire_immediately@example.jp', paymentMethod: 'konbini' }, campaign)).body;
    await give(stack, campaign, { amount: 1000, currency: 'jpy', email: 'card@example.jp' });
    const [donor] = await stack.app.sql(`SELECT stripe_customer_id FROM donors WHERE email = 'part@example.jp'`);
    await stack.stripe.testHelpers.customers.fundCashBalance(donor.stripe_customer_id, { amount: 4000, currency: 'jpy' });
    await stack.settled();
    await waitUntil('the voucher expired', async () => ((await statusOf(lapsed)).status === 'expired' ? true : null));
    await waitUntil('the part received', async () => ((await statusOf(transfer)).nextAction?.amountRemaining === 6000 ? true : null));

    const list = async (query: string) => stack.app.request('GET', `/api/finance/pledges?campaignId=${campaign}${query}`, { token: finance });
    const all = (await list('')).body;
    expect(all.map((p: { donationId: string }) => p.donationId).sort()).toEqual([voucher.donationId, transfer.donationId, lapsed.donationId].sort());
    expect(all.find((p: { donationId: string }) => p.donationId === voucher.donationId)).toMatchObject({
      status: 'awaiting_payment',
      paymentMethod: 'konbini',
      campaignTitle: 'Wajima, "shelters"',
      donorName: '山田 花子',
      amount: 3000,
      amountRemaining: 3000,
      currency: 'jpy',
      deadline: voucher.nextAction.expiresAt,
    });
    expect(all.find((p: { donationId: string }) => p.donationId === transfer.donationId)).toMatchObject({
      status: 'awaiting_payment',
      paymentMethod: 'bank_transfer',
      donorName: null,
      anonymous: true,
      amount: 10_000,
      amountRemaining: 6000,
      deadline: null,
    });
    const expired = (await list('&status=expired')).body;
    expect(expired).toEqual([expect.objectContaining({ donationId: lapsed.donationId, status: 'expired', amount: 2000 })]);
    expect(Date.now() - Date.parse(expired[0].at)).toBeLessThan(60_000);
    expect((await list('&status=awaiting_payment')).body).toHaveLength(2);
    expect((await list('&to=2011-03-11')).body).toEqual([]);
    expect((await list('&status=paid')).body).toMatchObject({ statusCode: 400, message: 'status must be one of: awaiting_payment, expired' });

    const csv = await fetch(`${stack.app.url}/api/finance/pledges.csv?campaignId=${campaign}`, { headers: { authorization: `Bearer ${finance}` } });
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="kizuna-pledges.csv"');
    const [header, ...rows] = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toBe('donation_id,status,at,pledged_at,deadline,campaign_id,campaign_title,donor_name,payment_method,amount,amount_remaining,currency');
    expect(rows).toHaveLength(3);
    expect(rows.find((row) => row.startsWith(transfer.donationId))).toMatch(
      new RegExp(`^${transfer.donationId},awaiting_payment,[^,]+,[^,]+,,${campaign},"Wajima, ""shelters""",\\(anonymous\\),bank_transfer,10000,6000,jpy$`),
    );
    expect(rows.find((row) => row.startsWith(lapsed.donationId))).toContain(',expired,');

    const summary = (await stack.app.request('GET', `/api/finance/summary?campaignId=${campaign}`, { token: finance })).body.campaigns[0];
    expect(summary).toMatchObject({ grossAmount: 1000, pledges: { pendingAmount: 13_000, pendingCount: 2, expiredAmount: 2000, expiredCount: 1 } });
  });

  it('quotes the fee to cover for the way of paying the donor chose, and the same fee is charged', async () => {
    const quote = async (query: string) => (await stack.app.request('GET', `/api/fees?currency=jpy&amount=50000${query}`)).body;
    const card = await quote('');
    const bank = await quote('&paymentMethod=bank_transfer');
    expect(await quote('&paymentMethod=card')).toEqual(card);
    expect(bank.coveredFee).toBeLessThan(card.coveredFee);
    expect(bank).toEqual({ amount: 50_000, currency: 'jpy', coveredFee: coveredFee(50_000, 'jpy', 'bank_transfer') });
    const created = await pledge({ amount: 50_000, email: 'fee@example.jp', paymentMethod: 'bank_transfer', coverFees: true });
    expect(created.body).toMatchObject({ coveredFeeAmount: bank.coveredFee, nextAction: { amountRemaining: 50_000 + bank.coveredFee } });
    expect((await quote('&paymentMethod=konbini')).coveredFee).toBe(coveredFee(50_000, 'jpy', 'konbini'));

    const refused = await stack.app.request('GET', '/api/fees?currency=usd&amount=2500&paymentMethod=konbini');
    expect([refused.status, refused.body.code]).toEqual([400, 'payment_method_unavailable']);
    expect((await stack.app.request('GET', '/api/fees?currency=jpy&amount=2500&paymentMethod=paypay')).body.code).toBe('payment_method_unavailable');
  });
});

describe('pledges when Stripe delivers every event three times, in any order', () => {
  let stack: Stack;
  let campaignId: string;
  beforeAll(async () => {
    stack = await startStack({ duplicates: 3, shuffle: true });
    campaignId = await activeCampaign(stack.app, await stack.app.staffToken('coordinator'), { currency: 'jpy', goalAmount: 10_000_000 });
  });
  afterAll(() => stack.close());

  it('ends with the same statuses and exact raised and pending totals', async () => {
    const pledge = async (email: string, amount: number, paymentMethod: string) => {
      const created = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, { body: { amount, currency: 'jpy', email, name: '佐藤 一郎', paymentMethod } });
      expect(created.status).toBe(201);
      return created.body.donationId as string;
    };
    const paid = await pledge('one_succeed_immediately@example.jp', 2000, 'konbini');
    const expired = await pledge('two_expire_immediately@example.jp', 3000, 'konbini');
    const waiting = await pledge('three_fill_never@example.jp', 4000, 'konbini');
    const transfer = await pledge('four@example.jp', 10_000, 'bank_transfer');
    const [donor] = await stack.app.sql(`SELECT stripe_customer_id FROM donors WHERE email = 'four@example.jp'`);
    for (const amount of [2_000, 3_000, 5_000]) await stack.stripe.testHelpers.customers.fundCashBalance(donor.stripe_customer_id, { amount, currency: 'jpy' });
    await stack.settled();

    const status = async (id: string) => (await stack.app.sql(`SELECT status FROM donations WHERE id = $1`, [id]))[0].status;
    await waitUntil('every pledge settled', async () =>
      (await status(paid)) === 'succeeded' && (await status(transfer)) === 'succeeded' && (await status(expired)) === 'expired' ? true : null,
    );
    expect(await status(waiting)).toBe('awaiting_payment');
    const totals = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: await stack.app.staffToken('coordinator') })).body;
    expect(totals).toMatchObject({ raisedAmount: 12_000, donationCount: 2, pendingAmount: 4000, pendingCount: 1 });
    const receipts = async () => (await stack.app.sql(`SELECT count(*)::int AS n FROM receipts WHERE kind = 'receipt'`))[0].n as number;
    await waitUntil('the two receipts', async () => ((await receipts()) >= 2 ? true : null));
    expect(await receipts()).toBe(2);
  });
});
