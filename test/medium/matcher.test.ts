import { randomUUID } from 'node:crypto';
import { chargeEntry, type DonationRef, disputeEntry, feeEntry, payoutEntry, payoutFailureEntry, refundEntry, refundFailureEntry } from '../../src/ledger/ledger-entries.js';
import { LedgerRepository } from '../../src/ledger/ledger.repository.js';
import { type LedgerEntry, LedgerService } from '../../src/ledger/ledger.service.js';
import { type Discrepancy, matchPeriod } from '../../src/reconciliation/matcher.js';
import { MatcherRepository, type Period } from '../../src/reconciliation/matcher.repository.js';
import { type MediumDatabase, openMediumDatabase } from '../support/medium.js';

/**
 * The matcher over the Stripe mirror (rows inserted as the sync would) and the ledger (posted through LedgerService).
 * Every test works on a day of its own, so each period holds only what that test put there.
 */
describe('matchPeriod on a real database', () => {
  let db: MediumDatabase;
  let ledger: LedgerService;
  let matcher: MatcherRepository;

  beforeAll(async () => {
    db = await openMediumDatabase(4);
    ledger = new LedgerService(new LedgerRepository(db.dataSource));
    matcher = new MatcherRepository(db.dataSource);
  });
  afterAll(() => db?.close());

  const dayOf = (day: number) => {
    const from = new Date(Date.UTC(2026, 3, day));
    return { from, to: new Date(from.getTime() + 86_400_000), at: (time: string) => new Date(`${from.toISOString().slice(0, 10)}T${time}Z`) };
  };
  const match = (period: Period) => matchPeriod(matcher, period);
  const donation = (currency = 'jpy'): DonationRef => ({ donationId: randomUUID(), campaignId: randomUUID(), currency });

  async function post(entry: LedgerEntry): Promise<string> {
    expect(await db.dataSource.transaction((tx) => ledger.post(tx, entry))).toBe(true);
    const [{ id }] = await db.sql<{ id: string }>(`SELECT id FROM ledger_transactions WHERE kind = $1 AND stripe_object_id = $2`, [entry.kind, entry.stripeObjectId]);
    return id;
  }

  /** A row of the mirror as the sync stores it; net is amount less fee. */
  async function balanceTransaction(bt: {
    id: string;
    type: string;
    category?: string;
    source: string | null;
    amount: number;
    fee?: number;
    currency: string;
    at: Date;
    payoutId?: string | null;
  }) {
    await db.sql(
      `INSERT INTO stripe_balance_transactions (id, type, source, amount, fee, net, currency, reporting_category, stripe_created_at, payout_id, raw)
       VALUES ($1, $2, $3, $4, $5, $4::bigint - $5::bigint, $6, $7, $8, $9, '{}')`,
      [bt.id, bt.type, bt.source, bt.amount, bt.fee ?? 0, bt.currency, bt.category ?? bt.type, bt.at, bt.payoutId ?? null],
    );
  }
  async function payout(id: string, amount: number, currency: string, at: Date, status = 'paid', automatic = true) {
    await db.sql(
      `INSERT INTO stripe_payouts (id, amount, currency, status, stripe_created_at, arrival_date, raw) VALUES ($1, $2, $3, $4, $5, $5::timestamptz + interval '2 days', $6)`,
      [id, amount, currency, status, at, JSON.stringify({ id, object: 'payout', automatic })],
    );
  }
  /** A charge as Stripe reports it, with the ledger's charge and fee for it. */
  async function matchedCharge(day: ReturnType<typeof dayOf>, name: string, amount: number, fee: number, payoutId: string | null = null) {
    const ref = donation('jpy');
    await balanceTransaction({ id: `txn_${name}`, type: 'charge', source: `ch_${name}`, amount, fee, currency: 'jpy', at: day.at('01:00:00'), payoutId });
    await post(chargeEntry(ref, `ch_${name}`, amount, day.at('01:00:00')));
    await post(feeEntry(ref, `txn_${name}`, fee, day.at('01:00:00')));
  }

  it('matches a charge and its fee: no discrepancy, one matched', async () => {
    const day = dayOf(1);
    await matchedCharge(day, 'matched', 10_000, 360);
    expect(await match(day)).toEqual({ matched: 1, discrepancies: [] });
  });

  it('matches a charge without a fee (fee 0) when the ledger has no fee either', async () => {
    const day = dayOf(2);
    const ref = donation('jpy');
    await balanceTransaction({ id: 'txn_no_fee', type: 'charge', source: 'ch_no_fee', amount: 3_000, fee: 0, currency: 'jpy', at: day.at('02:00:00') });
    await post(chargeEntry(ref, 'ch_no_fee', 3_000, day.at('02:00:00')));
    expect(await match(day)).toEqual({ matched: 1, discrepancies: [] });
  });

  it('reports a Stripe charge the ledger does not have: missing_in_ledger', async () => {
    const day = dayOf(3);
    await balanceTransaction({ id: 'txn_lost', type: 'charge', source: 'ch_lost', amount: 5_000, fee: 180, currency: 'jpy', at: day.at('03:00:00') });
    expect(await match(day)).toEqual({
      matched: 0,
      discrepancies: [
        { kind: 'missing_in_ledger', stripeObjectId: 'ch_lost', ledgerReference: null, currency: 'jpy', expected: 'charge of 5000', actual: 'nothing in the ledger' },
      ],
    });
  });

  it('reports ledger transactions Stripe does not have (a charge, and a fee keyed by an unknown balance transaction): missing_in_stripe', async () => {
    const day = dayOf(4);
    const ref = donation('jpy');
    const charge = await post(chargeEntry(ref, 'ch_phantom', 4_000, day.at('04:00:00')));
    const fee = await post(feeEntry(ref, 'txn_phantom', 150, day.at('04:00:00')));
    const result = await match(day);
    expect(result.matched).toBe(0);
    expect(sorted(result.discrepancies)).toEqual(
      sorted([
        {
          kind: 'missing_in_stripe',
          stripeObjectId: 'ch_phantom',
          ledgerReference: charge,
          currency: 'jpy',
          expected: 'a Stripe balance transaction for charge ch_phantom',
          actual: 'nothing in Stripe',
        },
        {
          kind: 'missing_in_stripe',
          stripeObjectId: 'txn_phantom',
          ledgerReference: fee,
          currency: 'jpy',
          expected: 'a Stripe balance transaction for fee txn_phantom',
          actual: 'nothing in Stripe',
        },
      ]),
    );
  });

  it('reports a charge the ledger holds for another amount: amount_mismatch, with what Stripe says and what the ledger says', async () => {
    const day = dayOf(5);
    const ref = donation('jpy');
    await balanceTransaction({ id: 'txn_amount', type: 'charge', source: 'ch_amount', amount: 10_000, fee: 360, currency: 'jpy', at: day.at('05:00:00') });
    const charge = await post(chargeEntry(ref, 'ch_amount', 9_000, day.at('05:00:00')));
    await post(feeEntry(ref, 'txn_amount', 360, day.at('05:00:00')));
    expect(await match(day)).toEqual({
      matched: 0,
      discrepancies: [{ kind: 'amount_mismatch', stripeObjectId: 'ch_amount', ledgerReference: charge, currency: 'jpy', expected: '10000', actual: '9000' }],
    });
  });

  it('reports a fee the ledger holds for another amount, or not at all: fee_mismatch on the balance transaction', async () => {
    const day = dayOf(6);
    const ref = donation('jpy');
    await balanceTransaction({ id: 'txn_fee_wrong', type: 'charge', source: 'ch_fee_wrong', amount: 10_000, fee: 360, currency: 'jpy', at: day.at('06:00:00') });
    const wrong = await post(chargeEntry(ref, 'ch_fee_wrong', 10_000, day.at('06:00:00')));
    await post(feeEntry(ref, 'txn_fee_wrong', 350, day.at('06:00:00')));
    await balanceTransaction({ id: 'txn_fee_unposted', type: 'charge', source: 'ch_fee_unposted', amount: 2_000, fee: 72, currency: 'jpy', at: day.at('06:30:00') });
    const unposted = await post(chargeEntry(donation('jpy'), 'ch_fee_unposted', 2_000, day.at('06:30:00')));
    expect(await match(day)).toEqual({
      matched: 0,
      discrepancies: [
        { kind: 'fee_mismatch', stripeObjectId: 'txn_fee_wrong', ledgerReference: wrong, currency: 'jpy', expected: '360', actual: '350' },
        { kind: 'fee_mismatch', stripeObjectId: 'txn_fee_unposted', ledgerReference: unposted, currency: 'jpy', expected: '72', actual: '0' },
      ],
    });
  });

  it('reports a charge the ledger holds in another currency: currency_mismatch', async () => {
    const day = dayOf(7);
    const ref = donation('jpy');
    await balanceTransaction({ id: 'txn_currency', type: 'charge', source: 'ch_currency', amount: 2_500, fee: 0, currency: 'usd', at: day.at('07:00:00') });
    const charge = await post(chargeEntry(ref, 'ch_currency', 2_500, day.at('07:00:00')));
    expect(await match(day)).toEqual({
      matched: 0,
      discrepancies: [{ kind: 'currency_mismatch', stripeObjectId: 'ch_currency', ledgerReference: charge, currency: 'usd', expected: 'usd', actual: 'jpy' }],
    });
  });

  it('matches a refund by its source, and its failure by the same refund', async () => {
    const day = dayOf(8);
    const ref = donation('jpy');
    await matchedCharge(day, 'refunded', 6_000, 216);
    await balanceTransaction({ id: 'txn_refund', type: 'refund', source: 're_refunded', amount: -6_000, currency: 'jpy', at: day.at('09:00:00') });
    await post(refundEntry(ref, 're_refunded', 6_000, day.at('09:00:00')));
    await balanceTransaction({ id: 'txn_refund_failure', type: 'refund_failure', source: 're_refunded', amount: 6_000, currency: 'jpy', at: day.at('10:00:00') });
    await post(refundFailureEntry(ref, 're_refunded', 6_000, day.at('10:00:00')));
    expect(await match(day)).toEqual({ matched: 3, discrepancies: [] });
  });

  it('finds a refund the ledger posted for another amount by its source', async () => {
    const day = dayOf(9);
    await balanceTransaction({ id: 'txn_refund_partial', type: 'refund', source: 're_partial', amount: -1_000, currency: 'jpy', at: day.at('09:00:00') });
    const refund = await post(refundEntry(donation('jpy'), 're_partial', 1_500, day.at('09:00:00')));
    expect(await match(day)).toEqual({
      matched: 0,
      discrepancies: [{ kind: 'amount_mismatch', stripeObjectId: 're_partial', ledgerReference: refund, currency: 'jpy', expected: '-1000', actual: '-1500' }],
    });
  });

  it('matches dispute movements (source du_… and dp_…) by their balance transaction id, with their fees', async () => {
    const day = dayOf(10);
    const ref = donation('jpy');
    await matchedCharge(day, 'disputed', 10_000, 360);
    // Funds withdrawn with the dispute fee, then reinstated with the fee given back; one each under the two id prefixes.
    await balanceTransaction({
      id: 'txn_du_withdrawn',
      type: 'adjustment',
      category: 'dispute',
      source: 'du_1',
      amount: -10_000,
      fee: 1_500,
      currency: 'jpy',
      at: day.at('11:00:00'),
    });
    await post(disputeEntry(ref, 'txn_du_withdrawn', -10_000, day.at('11:00:00')));
    await post(feeEntry(ref, 'txn_du_withdrawn', 1_500, day.at('11:00:00')));
    await balanceTransaction({
      id: 'txn_du_reinstated',
      type: 'adjustment',
      category: 'dispute_reversal',
      source: 'du_1',
      amount: 10_000,
      fee: -1_500,
      currency: 'jpy',
      at: day.at('12:00:00'),
    });
    await post(disputeEntry(ref, 'txn_du_reinstated', 10_000, day.at('12:00:00')));
    await post(feeEntry(ref, 'txn_du_reinstated', -1_500, day.at('12:00:00')));
    await balanceTransaction({ id: 'txn_dp_withdrawn', type: 'adjustment', category: 'dispute', source: 'dp_2', amount: -3_000, fee: 0, currency: 'jpy', at: day.at('13:00:00') });
    await post(disputeEntry(donation('jpy'), 'txn_dp_withdrawn', -3_000, day.at('13:00:00')));
    // An adjustment that is not a dispute is none of the matcher's business.
    await balanceTransaction({
      id: 'txn_other_adjustment',
      type: 'adjustment',
      category: 'other_adjustment',
      source: 'ia_1',
      amount: -50,
      currency: 'jpy',
      at: day.at('14:00:00'),
    });

    expect(await match(day)).toEqual({ matched: 4, discrepancies: [] });
  });

  it('does not match a dispute posted under the dispute id instead of its balance transaction', async () => {
    const day = dayOf(11);
    await balanceTransaction({
      id: 'txn_dispute_misposted',
      type: 'adjustment',
      category: 'dispute',
      source: 'du_misposted',
      amount: -2_000,
      currency: 'jpy',
      at: day.at('11:00:00'),
    });
    const misposted = await post(disputeEntry(donation('jpy'), 'du_misposted', -2_000, day.at('11:00:00')));
    expect(sorted((await match(day)).discrepancies)).toEqual(
      sorted([
        { kind: 'missing_in_ledger', stripeObjectId: 'du_misposted', ledgerReference: null, currency: 'jpy', expected: 'adjustment of -2000', actual: 'nothing in the ledger' },
        {
          kind: 'missing_in_stripe',
          stripeObjectId: 'du_misposted',
          ledgerReference: misposted,
          currency: 'jpy',
          expected: 'a Stripe balance transaction for dispute du_misposted',
          actual: 'nothing in Stripe',
        },
      ]),
    );
  });

  it("matches a payout that equals what it paid out; the payout's own balance transaction is not part of the sum", async () => {
    const day = dayOf(12);
    await matchedCharge(day, 'paid_out_a', 10_000, 360, 'po_equal');
    await matchedCharge(day, 'paid_out_b', 5_000, 180, 'po_equal');
    const paidOut = 10_000 - 360 + 5_000 - 180;
    await payout('po_equal', paidOut, 'jpy', day.at('20:00:00'));
    // Stripe lists the payout's own withdrawal among the payout's balance transactions.
    await balanceTransaction({ id: 'txn_po_equal', type: 'payout', source: 'po_equal', amount: -paidOut, currency: 'jpy', at: day.at('20:00:00'), payoutId: 'po_equal' });
    await post(payoutEntry('po_equal', 'jpy', paidOut, day.at('20:00:00')));

    // Two charges and the payout's balance transaction matched; the payout sum is right.
    expect(await match(day)).toEqual({ matched: 3, discrepancies: [] });
    const [{ items }] = await db.sql<{ items: string }>(`SELECT sum(net)::text AS items FROM reconciliation_payout_items_v WHERE payout_id = 'po_equal'`);
    expect(items).toBe(String(paidOut));
  });

  it('reports a payout that differs from the sum of what it paid out: payout_sum_mismatch', async () => {
    const day = dayOf(13);
    await matchedCharge(day, 'short_a', 10_000, 360, 'po_short');
    await matchedCharge(day, 'short_b', 10_000, 360, 'po_short');
    await payout('po_short', 20_000, 'jpy', day.at('20:00:00'));
    await balanceTransaction({ id: 'txn_po_short', type: 'payout', source: 'po_short', amount: -20_000, currency: 'jpy', at: day.at('20:00:00'), payoutId: 'po_short' });
    const ledgerPayout = await post(payoutEntry('po_short', 'jpy', 20_000, day.at('20:00:00')));
    // A payout still in transit is not summed.
    await payout('po_in_transit', 99_999, 'jpy', day.at('21:00:00'), 'in_transit');

    expect(await match(day)).toEqual({
      matched: 3,
      discrepancies: [{ kind: 'payout_sum_mismatch', stripeObjectId: 'po_short', ledgerReference: ledgerPayout, currency: 'jpy', expected: '20000', actual: '19280' }],
    });
  });

  it('reports a payout Stripe lists with a balance transaction the ledger lacks: missing_in_ledger for the payout', async () => {
    const day = dayOf(14);
    await matchedCharge(day, 'unposted_payout', 1_000, 36, 'po_unposted');
    await payout('po_unposted', 964, 'jpy', day.at('20:00:00'));
    await balanceTransaction({ id: 'txn_po_unposted', type: 'payout', source: 'po_unposted', amount: -964, currency: 'jpy', at: day.at('20:00:00'), payoutId: 'po_unposted' });
    expect(await match(day)).toEqual({
      matched: 1,
      discrepancies: [
        { kind: 'missing_in_ledger', stripeObjectId: 'po_unposted', ledgerReference: null, currency: 'jpy', expected: 'payout of -964', actual: 'nothing in the ledger' },
      ],
    });
  });

  it('matches a failed payout by its failure, and reports a failure on either side alone', async () => {
    const day = dayOf(15);
    await payout('po_failed', 964, 'jpy', day.at('10:00:00'), 'failed');
    await balanceTransaction({ id: 'txn_po_failed', type: 'payout', source: 'po_failed', amount: -964, currency: 'jpy', at: day.at('10:00:00') });
    await balanceTransaction({ id: 'txn_po_failed_back', type: 'payout_failure', source: 'po_failed', amount: 964, currency: 'jpy', at: day.at('12:00:00') });
    await post(payoutEntry('po_failed', 'jpy', 964, day.at('10:00:00')));
    await post(payoutFailureEntry('po_failed', 'jpy', 964, day.at('12:00:00')));
    expect(await match(day)).toEqual({ matched: 2, discrepancies: [] });

    // Stripe took a payout back that the ledger still counts as in the bank; and a failure Stripe never had.
    const next = dayOf(16);
    await balanceTransaction({ id: 'txn_po_back_only', type: 'payout_failure', source: 'po_back_only', amount: 700, currency: 'jpy', at: next.at('09:00:00') });
    const orphan = await post(payoutFailureEntry('po_other', 'jpy', 5_000, next.at('11:00:00')));
    expect((await match(next)).discrepancies).toEqual([
      { kind: 'missing_in_ledger', stripeObjectId: 'po_back_only', ledgerReference: null, currency: 'jpy', expected: 'payout_failure of 700', actual: 'nothing in the ledger' },
      {
        kind: 'missing_in_stripe',
        stripeObjectId: 'po_other',
        ledgerReference: orphan,
        currency: 'jpy',
        expected: 'a Stripe balance transaction for payout_failure po_other',
        actual: 'nothing in Stripe',
      },
    ]);
  });

  it('matches a manual payout, which Stripe does not itemise, with its own payout in the ledger', async () => {
    const day = dayOf(24);
    await matchedCharge(day, 'before_manual', 10_000, 360);
    await payout('po_manual', 9_640, 'jpy', day.at('20:00:00'), 'paid', false);
    await balanceTransaction({ id: 'txn_po_manual', type: 'payout', source: 'po_manual', amount: -9_640, currency: 'jpy', at: day.at('20:00:00') });
    await post(payoutEntry('po_manual', 'jpy', 9_640, day.at('20:00:00')));
    expect(await match(day)).toEqual({ matched: 2, discrepancies: [] });

    // The same, not in the ledger at all, or for another amount: reported, never as a sum of items it has none of.
    const next = dayOf(25);
    await payout('po_manual_unposted', 1_000, 'jpy', next.at('09:00:00'), 'paid', false);
    await payout('po_manual_other', 2_000, 'jpy', next.at('10:00:00'), 'paid', false);
    const other = await post(payoutEntry('po_manual_other', 'jpy', 1_999, next.at('10:00:00')));
    expect(sorted((await match(next)).discrepancies).filter((d) => d.stripeObjectId?.startsWith('po_manual'))).toEqual([
      { kind: 'amount_mismatch', stripeObjectId: 'po_manual_other', ledgerReference: other, currency: 'jpy', expected: '2000', actual: '1999' },
      { kind: 'missing_in_ledger', stripeObjectId: 'po_manual_unposted', ledgerReference: null, currency: 'jpy', expected: '1000', actual: 'nothing in the ledger' },
      {
        kind: 'missing_in_stripe',
        stripeObjectId: 'po_manual_other',
        ledgerReference: other,
        currency: 'jpy',
        expected: 'a Stripe balance transaction for payout po_manual_other',
        actual: 'nothing in Stripe',
      },
    ]);
  });

  describe('period boundaries: from inclusive, to exclusive', () => {
    const day = dayOf(20);
    const next = dayOf(21);
    let lateLedger: string;

    beforeAll(async () => {
      // Exactly at `from`: inside. Exactly at `to` (the next day's `from`): outside.
      await balanceTransaction({ id: 'txn_at_from', type: 'charge', source: 'ch_at_from', amount: 100, currency: 'jpy', at: day.from });
      await balanceTransaction({ id: 'txn_at_to', type: 'charge', source: 'ch_at_to', amount: 200, currency: 'jpy', at: day.to });
      await post(chargeEntry(donation('jpy'), 'ch_ledger_at_from', 300, day.from));
      lateLedger = await post(chargeEntry(donation('jpy'), 'ch_ledger_at_to', 400, day.to));
      await payout('po_at_to', 500, 'jpy', day.to);
      await payout('po_just_before_to', 600, 'jpy', new Date(day.to.getTime() - 1));
    });

    it('counts what happened at the start of the period and nothing at its end', async () => {
      expect(sorted((await match(day)).discrepancies).map((d) => [d.kind, d.stripeObjectId])).toEqual([
        ['missing_in_ledger', 'ch_at_from'],
        ['missing_in_stripe', 'ch_ledger_at_from'],
        ['payout_sum_mismatch', 'po_just_before_to'],
      ]);
    });

    it('leaves what happened exactly at the end to the next period', async () => {
      const { discrepancies } = await match(next);
      expect(sorted(discrepancies).map((d) => [d.kind, d.stripeObjectId])).toEqual([
        ['missing_in_ledger', 'ch_at_to'],
        ['missing_in_stripe', 'ch_ledger_at_to'],
        ['payout_sum_mismatch', 'po_at_to'],
      ]);
      expect(discrepancies.find((d) => d.kind === 'missing_in_stripe')?.ledgerReference).toBe(lateLedger);
    });
  });
});

function sorted(discrepancies: Discrepancy[]): Discrepancy[] {
  return [...discrepancies].sort((a, b) => `${a.kind} ${a.stripeObjectId}`.localeCompare(`${b.kind} ${b.stripeObjectId}`));
}
