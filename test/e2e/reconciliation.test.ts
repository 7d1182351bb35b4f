import { Stack, activeCampaign, give, reconcile, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

/**
 * Lets the emulator's clock run a week: card funds become available and the daily payout schedule pays them
 * out in automatic payouts, which Stripe itemises (manual ones it does not). Answers the new payouts, oldest first.
 */
async function payOutEverything(stack: Stack) {
  const before = new Set((await stack.stripe.payouts.list({ limit: 100 })).data.map((payout) => payout.id));
  stack.emulator.advanceClock(7 * 86_400);
  await stack.settled();
  const payouts = (await stack.stripe.payouts.list({ limit: 100 })).data.filter((payout) => !before.has(payout.id)).reverse();
  expect(payouts.length).toBeGreaterThan(0);
  return payouts;
}

describe('reconciliation', () => {
  let stack: Stack;
  let finance: string;
  let coordinator: string;
  beforeAll(async () => {
    stack = await startStack();
    finance = await stack.app.staffToken('finance');
    coordinator = await stack.app.staffToken('coordinator');
  });
  afterAll(() => stack.close());

  it('matches 300 donations in jpy and usd with refunds, a lost and a won dispute, and two payouts: zero discrepancies', async () => {
    const jpy = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 99_999_999 });
    const usd = await activeCampaign(stack.app, coordinator, { currency: 'usd', goalAmount: 99_999_999 });
    const gifts = [];
    for (let wave = 0; wave < 10; wave++) {
      gifts.push(
        ...(await Promise.all(
          Array.from({ length: 30 }, (_, i) => {
            const n = wave * 30 + i;
            return n % 2
              ? give(stack, jpy, { amount: 1000 + n, currency: 'jpy', email: `r-${n}@example.jp` })
              : give(stack, usd, { amount: 500 + n, currency: 'usd', email: `r-${n}@example.org` });
          }),
        )),
      );
    }
    await stack.settled();
    await stack.stripe.refunds.create({ payment_intent: gifts[1].paymentIntentId, amount: 300 });
    await stack.stripe.refunds.create({ payment_intent: gifts[2].paymentIntentId });
    const lost = await give(stack, usd, { amount: 5000, currency: 'usd', paymentMethod: 'pm_card_createDispute' });
    const won = await give(stack, jpy, { amount: 8000, currency: 'jpy', paymentMethod: 'pm_card_createDispute' });
    await stack.settled();
    await stack.stripe.disputes.close((await stack.stripe.disputes.list({ payment_intent: lost.paymentIntentId })).data[0].id);
    await stack.stripe.disputes.update((await stack.stripe.disputes.list({ payment_intent: won.paymentIntentId })).data[0].id, {
      evidence: { uncategorized_text: 'winning_evidence' },
    });
    await stack.settled();
    const payouts = await payOutEverything(stack);

    const run = await reconcile(stack, finance);
    expect(run.status).toBe('completed');
    expect(run.discrepancies).toEqual([]);
    expect(run.matchedCount).toBeGreaterThan(300);
    for (const payout of payouts) {
      const [row] = await stack.app.sql(`SELECT sum(net)::bigint AS paid FROM stripe_balance_transactions WHERE payout_id = $1 AND type <> 'payout'`, [payout.id]);
      expect(Number(row.paid)).toBe(payout.amount);
    }
    const again = await reconcile(stack, finance);
    expect({ matched: again.matchedCount, discrepancies: again.discrepancies }).toEqual({ matched: run.matchedCount, discrepancies: [] });
  }, 240_000);

  it('matches card, konbini and bank-transfer charges at their own fees, and an overpaid transfer returned from the cash balance: zero discrepancies', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
    const pledge = async (email: string, amount: number, paymentMethod: 'konbini' | 'bank_transfer') => {
      const created = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, { body: { amount, currency: 'jpy', email, name: '田中 一郎', paymentMethod } });
      if (created.status !== 201) throw new Error(`pledge: ${created.status} ${created.text}`);
      return created.body as { donationId: string };
    };
    const customerOf = async (email: string) => (await stack.app.sql(`SELECT stripe_customer_id FROM donors WHERE email = $1`, [email]))[0].stripe_customer_id as string;
    const card = await give(stack, campaignId, { amount: 4000, currency: 'jpy', email: 'card@example.jp' });
    const voucher = await pledge('voucher@example.jp', 3000, 'konbini');
    const full = await pledge('full@example.jp', 6000, 'bank_transfer');
    const over = await pledge('over@example.jp', 5000, 'bank_transfer');
    await stack.stripe.testHelpers.customers.fundCashBalance(await customerOf('full@example.jp'), { amount: 6000, currency: 'jpy' });
    const overCustomer = await customerOf('over@example.jp');
    await stack.stripe.testHelpers.customers.fundCashBalance(overCustomer, { amount: 7500, currency: 'jpy' });
    stack.emulator.advanceClock(181);
    await stack.settled();
    const gifts = [card.donationId, voucher.donationId, full.donationId, over.donationId];
    await waitUntil('every gift paid', async () => {
      const rows = await stack.app.sql(`SELECT status FROM donations WHERE id = ANY($1::uuid[])`, [gifts]);
      return rows.every((row) => row.status === 'succeeded') ? true : null;
    });

    const leftover = await waitUntil('the overpayment mirrored', async () =>
      (await stack.app.request('GET', '/api/finance/cash-balances', { token: finance })).body.find((b: { stripeCustomerId: string }) => b.stripeCustomerId === overCustomer),
    );
    expect(leftover.availableAmount).toBe(2500);
    const returned = await stack.app.request('POST', `/api/finance/cash-balances/${overCustomer}/refund`, { token: finance, body: { amount: 2500 } });
    expect(returned.status).toBe(201);
    stack.emulator.advanceClock(181);
    await stack.settled();
    stack.emulator.advanceClock(181);
    await stack.settled();
    await waitUntil('the return succeeded', async () => {
      const all = (await stack.app.request('GET', '/api/finance/cash-returns', { token: finance })).body;
      return all.find((r: { id: string; status: string }) => r.id === returned.body.id && r.status === 'succeeded');
    });

    const run = await reconcile(stack, finance);
    expect({ status: run.status, discrepancies: run.discrepancies }).toEqual({ status: 'completed', discrepancies: [] });
    // Each charge was matched at the fee of its method, which the sync posted from its balance transaction.
    const charges = await stack.app.sql(
      `SELECT d.payment_method, bt.type, bt.fee, l.ledger_fee FROM donations d
         JOIN stripe_balance_transactions bt ON bt.source = d.charge_id JOIN reconciliation_ledger_links_v l ON l.balance_transaction_id = bt.id
        WHERE d.id = ANY($1::uuid[]) ORDER BY d.payment_method`,
      [gifts],
    );
    expect(charges.map((c) => c.payment_method)).toEqual(['bank_transfer', 'bank_transfer', 'card', 'konbini']);
    for (const charge of charges) expect(Number(charge.ledger_fee)).toBe(Number(charge.fee));
    expect(new Set(charges.map((c) => Number(c.fee))).size).toBeGreaterThan(1);
    expect((await stack.app.request('GET', '/api/finance/unmatched-events', { token: finance })).body).toEqual([]);
  });

  it('reports a charge made directly in Stripe as missing_in_ledger', async () => {
    const intent = await stack.stripe.paymentIntents.create({
      amount: 7777,
      currency: 'jpy',
      payment_method: 'pm_card_visa',
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    await stack.settled();
    const run = await reconcile(stack, finance);
    expect(run.discrepancies).toContainEqual(expect.objectContaining({ kind: 'missing_in_ledger', stripeObjectId: intent.latest_charge, currency: 'jpy' }));
  });

  it('reports a ledger transaction whose Stripe object never existed as missing_in_stripe', async () => {
    await stack.app.sql(`
      WITH t AS (INSERT INTO ledger_transactions (kind, stripe_object_id, currency, occurred_at) VALUES ('charge', 'ch_never_existed', 'usd', now()) RETURNING id)
      INSERT INTO ledger_postings (transaction_id, account, amount, currency) SELECT id, a, v, 'usd' FROM t, (VALUES ('stripe_balance', 1234), ('campaign_gross', -1234)) AS p(a, v)`);
    const run = await reconcile(stack, finance);
    expect(run.discrepancies).toContainEqual(expect.objectContaining({ kind: 'missing_in_stripe', stripeObjectId: 'ch_never_existed', ledgerReference: expect.any(String) }));
  });

  it('reports a payout whose amount was altered in Stripe as payout_sum_mismatch, and lets finance resolve it with an audit trail', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd' });
    await give(stack, campaignId, { amount: 2000, currency: 'usd' });
    await stack.settled();
    const [payout] = await payOutEverything(stack);
    stack.emulator.alterPayoutAmount(payout.id, payout.amount + 100);
    const run = await reconcile(stack, finance);
    const mismatch = run.discrepancies.find((d: { kind: string }) => d.kind === 'payout_sum_mismatch');
    expect(mismatch).toMatchObject({ stripeObjectId: payout.id, expected: String(payout.amount + 100), actual: String(payout.amount) });

    const resolved = await stack.app.request('POST', `/api/finance/reconciliation/discrepancies/${mismatch.id}/resolve`, {
      token: finance,
      body: { note: 'Bank confirmed the extra 1.00' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toEqual([expect.objectContaining({ action: 'resolved', note: 'Bank confirmed the extra 1.00', actorEmail: expect.stringMatching(/^finance-/) })]);
    expect((await stack.app.request('POST', `/api/finance/reconciliation/discrepancies/${mismatch.id}/resolve`, { token: finance, body: { note: 'again' } })).status).toBe(409);
    await expect(stack.app.sql(`UPDATE reconciliation_audit_log SET note = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(stack.app.sql(`DELETE FROM reconciliation_audit_log`)).rejects.toThrow(/append-only/);
  });

  it('is for finance and admin only', async () => {
    expect((await stack.app.request('POST', '/api/finance/reconciliation/runs', { body: {} })).status).toBe(401);
    expect((await stack.app.request('POST', '/api/finance/reconciliation/runs', { token: coordinator, body: {} })).status).toBe(403);
    expect((await stack.app.request('POST', '/api/finance/reconciliation/runs', { token: await stack.app.login(), body: {} })).status).toBe(202);
    const bad = await stack.app.request('POST', '/api/finance/reconciliation/runs', { token: finance, body: { from: 'yesterday' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('from must be an ISO 8601 date');
  });
});

describe('reconciliation under Stripe rate limiting', () => {
  it('finishes anyway, with the same result', async () => {
    const stack = await startStack({ rateLimit: 3 });
    try {
      const finance = await stack.app.staffToken('finance');
      const coordinator = await stack.app.staffToken('coordinator');
      const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
      for (let i = 0; i < 4; i++) await give(stack, campaignId, { amount: 1000 + i, currency: 'jpy' });
      await stack.settled();
      await payOutEverything(stack);
      // Two runs at once, each reading several lists, at 3 requests a second: Stripe answers 429 and the sync backs off.
      const runs = await Promise.all([reconcile(stack, finance), reconcile(stack, finance)]);
      // 4 charges and 1 payout matched, as without a limit.
      for (const run of runs)
        expect({ status: run.status, discrepancies: run.discrepancies, matched: run.matchedCount }).toEqual({ status: 'completed', discrepancies: [], matched: 5 });
      const { default: Stripe } = await import('stripe');
      const impatient = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: stack.emulator.port, protocol: 'http', maxNetworkRetries: 0 });
      const burst = await Promise.allSettled(Array.from({ length: 10 }, () => impatient.balanceTransactions.list({ limit: 1 })));
      expect(burst.some((r) => r.status === 'rejected' && (r.reason as { type?: string }).type === 'StripeRateLimitError')).toBe(true);
    } finally {
      await stack.close();
    }
  }, 180_000);
});
