import { Stack, activeCampaign, give, reconcile, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

type Kind = 'card' | 'konbini_paid' | 'konbini_expired' | 'transfer_full' | 'transfer_partial' | 'transfer_over';

/** 200 gifts: how many of each kind. */
const MIX: Record<Kind, number> = { card: 50, konbini_paid: 40, konbini_expired: 30, transfer_full: 30, transfer_partial: 25, transfer_over: 25 };

interface Planned {
  kind: Kind;
  amount: number;
  email: string;
  donationId?: string;
}

/** In groups of `size` at a time: a surge, but within what one machine's test run holds. */
async function inGroups<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

describe('200 mixed gifts: card, konbini paid and expired, bank transfers in full, in part and over', () => {
  let stack: Stack;
  let coordinator: string;
  let finance: string;
  let campaignId: string;
  const plan: Planned[] = [];

  beforeAll(async () => {
    stack = await startStack();
    coordinator = await stack.app.staffToken('coordinator');
    finance = await stack.app.staffToken('finance');
    campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 100_000_000, title: '能登半島地震 緊急支援' });
    let n = 0;
    for (const [kind, count] of Object.entries(MIX) as [Kind, number][]) {
      for (let i = 0; i < count; i++, n++) {
        // Amounts differ per gift, so a mix-up between two gifts would show in the totals.
        const amount = 1_000 + n * 37;
        const local = kind === 'konbini_expired' ? `gift-${n}-expire_immediately` : kind === 'konbini_paid' && i % 2 ? `gift-${n}-succeed_immediately` : `gift-${n}`;
        plan.push({ kind, amount, email: `${local}@example.jp` });
      }
    }
  }, 120_000);
  afterAll(() => stack.close());

  const customerOf = async (email: string) => (await stack.app.sql(`SELECT stripe_customer_id FROM donors WHERE email = $1`, [email]))[0].stripe_customer_id as string;
  const fund = async (email: string, amount: number) => {
    await stack.stripe.testHelpers.customers.fundCashBalance(await customerOf(email), { amount, currency: 'jpy' });
  };

  it('gives exact raised and pending totals, gap-free receipts for paid gifts only, and 0 discrepancies', async () => {
    await inGroups(plan, 10, async (gift) => {
      if (gift.kind === 'card') {
        gift.donationId = (await give(stack, campaignId, { amount: gift.amount, currency: 'jpy', email: gift.email })).donationId;
        return;
      }
      const paymentMethod = gift.kind.startsWith('konbini') ? 'konbini' : 'bank_transfer';
      const created = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, {
        body: { amount: gift.amount, currency: 'jpy', email: gift.email, name: '寄付 太郎', paymentMethod, language: 'ja' },
      });
      if (created.status !== 201) throw new Error(`${gift.kind}: ${created.status} ${created.text}`);
      gift.donationId = created.body.donationId;
      if (gift.kind === 'transfer_full') await fund(gift.email, gift.amount);
      if (gift.kind === 'transfer_partial') await fund(gift.email, Math.floor(gift.amount / 3));
      if (gift.kind === 'transfer_over') await fund(gift.email, gift.amount + 5_000);
    });
    // The vouchers paid "after three minutes" are paid on the emulator's clock.
    stack.emulator.advanceClock(181);
    await stack.settled();

    const sum = (kinds: Kind[]) => plan.filter((g) => kinds.includes(g.kind)).reduce((total, g) => total + g.amount, 0);
    const paid: Kind[] = ['card', 'konbini_paid', 'transfer_full', 'transfer_over'];
    const paidCount = plan.filter((g) => paid.includes(g.kind)).length;
    const expected = {
      raisedAmount: sum(paid),
      donationCount: paidCount,
      pendingAmount: sum(['transfer_partial']),
      pendingCount: MIX.transfer_partial,
    };
    const totals = await waitUntil('every gift applied', async () => {
      const body = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;
      return body.donationCount === paidCount && body.pendingCount === MIX.transfer_partial ? body : null;
    });
    expect(totals).toMatchObject(expected);

    const statuses = await stack.app.sql(`SELECT status, payment_method, count(*)::int AS n FROM donations WHERE campaign_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`, [campaignId]);
    expect(statuses).toEqual([
      { status: 'awaiting_payment', payment_method: 'bank_transfer', n: MIX.transfer_partial },
      { status: 'expired', payment_method: 'konbini', n: MIX.konbini_expired },
      { status: 'succeeded', payment_method: 'bank_transfer', n: MIX.transfer_full + MIX.transfer_over },
      { status: 'succeeded', payment_method: 'card', n: MIX.card },
      { status: 'succeeded', payment_method: 'konbini', n: MIX.konbini_paid },
    ]);
    // What a partial transfer still needs is the gift less what arrived.
    for (const gift of plan.filter((g) => g.kind === 'transfer_partial').slice(0, 5)) {
      const [row] = await stack.app.sql(`SELECT amount_remaining FROM donations WHERE id = $1`, [gift.donationId]);
      expect(Number(row.amount_remaining)).toBe(gift.amount - Math.floor(gift.amount / 3));
    }

    // One receipt per paid gift, numbered without gaps; none for a pledge or an expired voucher.
    const receipts = await waitUntil('every receipt issued', async () => {
      const rows = await stack.app.sql(`SELECT donation_id, sequence FROM receipts WHERE kind = 'receipt' ORDER BY sequence`);
      return rows.length >= paidCount ? rows : null;
    });
    expect(receipts.map((r) => r.sequence)).toEqual(Array.from({ length: paidCount }, (_, i) => i + 1));
    const receipted = new Set(receipts.map((r) => r.donation_id));
    expect(
      plan
        .filter((g) => receipted.has(g.donationId))
        .map((g) => g.kind)
        .sort(),
    ).toEqual(
      plan
        .filter((g) => paid.includes(g.kind))
        .map((g) => g.kind)
        .sort(),
    );

    // The ledger holds the paid gifts only, and Stripe's balance transactions match it.
    const [ledger] = await stack.app.sql(
      `SELECT count(*)::int AS n, sum(amount)::bigint AS total FROM ledger_postings_v WHERE campaign_id = $1 AND kind = 'charge' AND account = 'stripe_balance'`,
      [campaignId],
    );
    expect({ n: ledger.n, total: Number(ledger.total) }).toEqual({ n: paidCount, total: sum(paid) });
    await stack.sync();
    const run = await reconcile(stack, finance);
    expect({ status: run.status, discrepancies: run.discrepancies }).toEqual({ status: 'completed', discrepancies: [] });
    expect(run.matchedCount).toBeGreaterThanOrEqual(paidCount);
  }, 300_000);
});
