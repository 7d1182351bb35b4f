import { Stack, activeCampaign, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

describe("donors' cash balances: mirrored from Stripe, returned or given by finance", () => {
  let stack: Stack;
  let finance: string;
  let coordinator: string;
  let campaignId: string;
  beforeAll(async () => {
    stack = await startStack();
    finance = await stack.app.staffToken('finance');
    coordinator = await stack.app.staffToken('coordinator');
    campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 10_000_000, title: 'Noto water' });
  });
  afterAll(() => stack.close());

  const transfer = async (email: string, amount: number, campaign = campaignId) => {
    const created = await stack.app.request('POST', `/api/campaigns/${campaign}/donations`, {
      body: { amount, currency: 'jpy', email, name: '佐藤 健', paymentMethod: 'bank_transfer' },
    });
    if (created.status !== 201) throw new Error(`transfer: ${created.status} ${created.text}`);
    return created.body as { donationId: string; paymentIntentId: string };
  };
  const customerOf = async (email: string): Promise<string> => (await stack.app.sql(`SELECT stripe_customer_id FROM donors WHERE email = $1`, [email]))[0].stripe_customer_id;
  const fund = async (customer: string, amount: number) => {
    await stack.stripe.testHelpers.customers.fundCashBalance(customer, { amount, currency: 'jpy' });
    await stack.settled();
  };
  const balances = async () => (await stack.app.request('GET', '/api/finance/cash-balances', { token: finance })).body as any[];
  const balanceOf = async (customer: string) => (await balances()).find((b) => b.stripeCustomerId === customer);
  /** Waits until the mirror shows this amount for the customer (0: the balance is no longer listed). */
  const mirrored = (customer: string, amount: number) =>
    waitUntil(`the cash balance of ${customer} mirrored as ${amount}`, async () => {
      const [row] = await stack.app.sql(`SELECT available_amount FROM donor_cash_balances WHERE stripe_customer_id = $1`, [customer]);
      return row && Number(row.available_amount) === amount ? ((await balanceOf(customer)) ?? 'not listed') : null;
    });
  const donation = async (id: string) => (await stack.app.request('GET', `/api/donations/${id}`, { token: finance })).body;
  const statusIs = (id: string, status: string) => waitUntil(`donation ${id} ${status}`, async () => ((await donation(id)).status === status ? true : null));
  const act = (customer: string, action: 'refund' | 'apply', amount: number, token = finance) =>
    stack.app.request('POST', `/api/finance/cash-balances/${customer}/${action}`, { token, body: { amount } });
  const returns = async () => (await stack.app.request('GET', '/api/finance/cash-returns', { token: finance })).body as any[];
  const returnIs = (id: string, status: string) =>
    waitUntil(`return ${id} ${status}`, async () => {
      const found = (await returns()).find((r) => r.id === id);
      return found?.status === status ? found : null;
    });
  const receipts = async (donationId: string) =>
    (await stack.app.sql(`SELECT number FROM notifications_receipts_v WHERE donation_id = $1 AND kind = 'receipt'`, [donationId])).length;
  const totals = async () => (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;

  it('automatic reconciliation: an overpaid transfer pays its gift, and what is left is mirrored for finance with the donor and campaign', async () => {
    const before = await totals();
    const gift = await transfer('over@example.jp', 5000);
    const customer = await customerOf('over@example.jp');
    await fund(customer, 8000);
    await statusIs(gift.donationId, 'succeeded');
    const balance = await mirrored(customer, 3000);
    expect(balance).toMatchObject({
      email: 'over@example.jp',
      donorName: '佐藤 健',
      availableAmount: 3000,
      currency: 'jpy',
      reconciliationMode: 'automatic',
      availableSince: expect.any(String),
      campaigns: [{ id: campaignId, title: 'Noto water' }],
    });
    // Raised is the gift only: the leftover is the donor's, not the campaign's, and the ledger never saw it.
    expect(await totals()).toMatchObject({ raisedAmount: before.raisedAmount + 5000, pendingAmount: before.pendingAmount });
    const [posted] = await stack.app.sql(`SELECT sum(amount)::bigint AS gross FROM ledger_postings_v WHERE account = 'campaign_gross' AND donation_id = $1`, [gift.donationId]);
    expect(Number(posted.gross)).toBe(-5000);
  });

  it('returns a cash balance to the donor and follows the refund to succeeded; refuses what no longer fits', async () => {
    await transfer('back@example.jp', 2000);
    const customer = await customerOf('back@example.jp');
    await fund(customer, 3500);
    await mirrored(customer, 1500);

    const changed = await act(customer, 'refund', 1499);
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ code: 'cash_balance_changed', message: expect.stringContaining('1500 jpy now') });

    const asked = await act(customer, 'refund', 1500);
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ stripeCustomerId: customer, amount: 1500, currency: 'jpy', status: 'requires_action', instructionsEmail: 'back@example.jp' });
    expect(asked.body.stripeRefundId).toMatch(/^re_/);
    expect(asked.body.requestedBy).toMatch(/^finance-/);
    expect((await act(customer, 'refund', 1500)).body.code).toBe('cash_return_in_progress');
    expect((await act(customer, 'apply', 1500)).body.code).toBe('cash_return_in_progress');
    // The money left the cash balance at once; the balance stays listed while its return is on its way.
    expect(await mirrored(customer, 0)).toMatchObject({ availableAmount: 0 });

    stack.emulator.advanceClock(181);
    await stack.settled();
    await returnIs(asked.body.id, 'pending');
    stack.emulator.advanceClock(181);
    await stack.settled();
    await returnIs(asked.body.id, 'succeeded');
    expect(await balanceOf(customer)).toBeUndefined();

    expect((await act(customer, 'refund', 1500)).body).toMatchObject({ code: 'nothing_to_refund', message: expect.stringContaining('empty') });
    // Not a donation's refund: nothing posted, nothing unmatched.
    expect(await stack.app.sql(`SELECT 1 FROM ledger_transactions_v WHERE stripe_object_id = $1`, [asked.body.stripeRefundId])).toEqual([]);
    expect(await stack.app.sql(`SELECT type FROM stripe_events WHERE unmatched_reason IS NOT NULL`)).toEqual([]);
    const audit = (await stack.app.request('GET', `/api/audit-log?targetType=cash_balance&targetId=${customer}`, { token: await stack.app.login() })).body;
    expect(audit).toContainEqual(expect.objectContaining({ action: 'cash_balance.return_requested', details: expect.objectContaining({ amount: 1500 }) }));
  });

  it('a return the donor never answers fails, and the money is back in the cash balance', async () => {
    await transfer('kenji_fill_never@example.jp', 1000);
    const customer = await customerOf('kenji_fill_never@example.jp');
    await fund(customer, 1800);
    await mirrored(customer, 800);
    const asked = await act(customer, 'refund', 800);
    expect(asked.body.status).toBe('requires_action');
    await stack.stripe.testHelpers.refunds.expire(asked.body.stripeRefundId);
    await stack.settled();
    await returnIs(asked.body.id, 'failed');
    expect(await mirrored(customer, 800)).toMatchObject({ availableAmount: 800 });
  });

  it('automatic reconciliation: gives a cash balance to the campaign of the latest transfer, receipted once Stripe applied it', async () => {
    const other = await activeCampaign(stack.app, coordinator, { currency: 'jpy', title: 'Kumamoto roofs' });
    await transfer('give@example.jp', 1000);
    await transfer('give@example.jp', 2000, other);
    const customer = await customerOf('give@example.jp');
    await fund(customer, 3700);
    await mirrored(customer, 700);

    const given = await act(customer, 'apply', 700);
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ campaignId: other, amount: 700, currency: 'jpy', donationId: expect.any(String) });
    await statusIs(given.body.donationId, 'succeeded');
    expect(await donation(given.body.donationId)).toMatchObject({ campaignId: other, amount: 700, paymentMethod: 'bank_transfer', email: 'give@example.jp' });
    await waitUntil('the receipt of the gift', async () => ((await receipts(given.body.donationId)) === 1 ? true : null));
    expect(await mirrored(customer, 0)).toBe('not listed');
    expect((await act(customer, 'apply', 700)).body.code).toBe('nothing_to_apply');
  });

  it('manual reconciliation: Kizuna applies arriving money to the oldest waiting transfers itself, and gives what is left on request', async () => {
    // A donor whose Stripe customer the organisation set to manual reconciliation in Stripe.
    const manual = await stack.stripe.customers.create({ email: 'manual@example.jp', cash_balance: { settings: { reconciliation_mode: 'manual' } } });
    await stack.app.sql(`INSERT INTO donors (email, name, stripe_customer_id) VALUES ('manual@example.jp', '鈴木 愛', $1)`, [manual.id]);
    const first = await transfer('manual@example.jp', 3000);
    const second = await transfer('manual@example.jp', 4000);

    await fund(manual.id, 5000);
    await statusIs(first.donationId, 'succeeded');
    await waitUntil('the second transfer part paid', async () => ((await donation(second.donationId)).nextAction?.amountRemaining === 2000 ? true : null));
    await mirrored(manual.id, 0);

    await fund(manual.id, 2500);
    await statusIs(second.donationId, 'succeeded');
    expect(await mirrored(manual.id, 500)).toMatchObject({ reconciliationMode: 'manual', availableAmount: 500, email: 'manual@example.jp' });

    const given = await act(manual.id, 'apply', 500);
    expect(given.status).toBe(201);
    expect(given.body).toMatchObject({ campaignId, amount: 500 });
    await statusIs(given.body.donationId, 'succeeded');
    await waitUntil('the receipt of the gift', async () => ((await receipts(given.body.donationId)) === 1 ? true : null));
    expect(await mirrored(manual.id, 0)).toBe('not listed');
  });

  it('lists cash balances as CSV, and refuses unknown customers, malformed requests and other roles', async () => {
    const customer = await customerOf('kenji_fill_never@example.jp');
    const csv = await fetch(`${stack.app.url}/api/finance/cash-balances.csv`, { headers: { authorization: `Bearer ${finance}` } });
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="kizuna-cash-balances.csv"');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('stripe_customer_id,donor_id,donor_name,email,available_amount,currency,reconciliation_mode,available_since,updated_at,campaign_ids,campaign_titles');
    expect(lines.find((line) => line.startsWith(customer))).toMatch(
      new RegExp(`^${customer},[0-9a-f-]{36},佐藤 健,kenji_fill_never@example.jp,800,jpy,automatic,20.*,${campaignId},Noto water$`),
    );

    expect((await act('cus_nobody', 'refund', 100)).body).toMatchObject({ statusCode: 404, code: 'cash_balance_not_found' });
    expect((await act('not-a-customer', 'refund', 100)).status).toBe(400);
    expect((await act(customer, 'refund', 0)).body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
    expect((await act(customer, 'refund', 800, coordinator)).status).toBe(403);
    expect((await stack.app.request('GET', '/api/finance/cash-balances', { token: coordinator })).status).toBe(403);
    expect((await stack.app.request('GET', '/api/finance/cash-returns')).status).toBe(401);
  });
});
