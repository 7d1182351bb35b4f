import type { DataSource } from 'typeorm';
import { toMinorUnits } from '../database/money.js';

export type DiscrepancyKind = 'missing_in_ledger' | 'missing_in_stripe' | 'amount_mismatch' | 'fee_mismatch' | 'currency_mismatch' | 'payout_sum_mismatch';

export interface Discrepancy {
  kind: DiscrepancyKind;
  stripeObjectId: string | null;
  ledgerReference: string | null;
  currency: string | null;
  expected: string;
  actual: string;
}

export interface MatchResult {
  matched: number;
  discrepancies: Discrepancy[];
}

export interface Period {
  from: Date;
  to: Date;
}

interface TransactionRow {
  id: string;
  type: string;
  source: string | null;
  amount: string;
  fee: string;
  currency: string;
  ledger_id: string | null;
  ledger_kind: string | null;
  ledger_currency: string | null;
  ledger_amount: string | null;
  ledger_fee: string | null;
}

/**
 * How a Stripe balance transaction finds its ledger transaction: charges, refunds and payouts by the object
 * in `source`; dispute movements and fees by the balance transaction itself.
 */
const LEDGER_JOIN = `
  (bt.type IN ('charge', 'payment') AND lt.kind = 'charge' AND lt.stripe_object_id = bt.source) OR
  (bt.type = 'refund' AND lt.kind = 'refund' AND lt.stripe_object_id = bt.source) OR
  (bt.type = 'refund_failure' AND lt.kind = 'refund_failure' AND lt.stripe_object_id = bt.source) OR
  (bt.type = 'adjustment' AND bt.source LIKE 'du\\_%' AND lt.kind = 'dispute' AND lt.stripe_object_id = bt.id) OR
  (bt.type = 'payout' AND lt.kind = 'payout' AND lt.stripe_object_id = bt.source)`;

const MATCHED_TYPES = `(bt.type IN ('charge', 'payment', 'refund', 'refund_failure', 'payout') OR (bt.type = 'adjustment' AND bt.source LIKE 'du\\_%'))`;

/** Compares the mirror of Stripe with the ledger over a period; both directions, and every payout's sum. */
export async function matchPeriod(db: DataSource, period: Period): Promise<MatchResult> {
  const discrepancies: Discrepancy[] = [];
  const rows: TransactionRow[] = await db.query(
    `SELECT bt.id, bt.type, bt.source, bt.amount, bt.fee, bt.currency, lt.id AS ledger_id, lt.kind AS ledger_kind, lt.currency AS ledger_currency,
            (SELECT sum(p.amount) FROM ledger_postings p WHERE p.transaction_id = lt.id AND p.account = 'stripe_balance') AS ledger_amount,
            (SELECT sum(p.amount) FROM ledger_transactions f JOIN ledger_postings p ON p.transaction_id = f.id
              WHERE f.kind = 'fee' AND f.stripe_object_id = bt.id AND p.account = 'stripe_fees') AS ledger_fee
       FROM stripe_balance_transactions bt LEFT JOIN ledger_transactions lt ON ${LEDGER_JOIN}
      WHERE bt.stripe_created_at >= $1 AND bt.stripe_created_at < $2 AND ${MATCHED_TYPES}
      ORDER BY bt.stripe_created_at, bt.id`,
    [period.from, period.to],
  );
  let matched = 0;
  for (const row of rows) {
    const found = compareTransaction(row);
    discrepancies.push(...found);
    if (!found.length) matched++;
  }
  discrepancies.push(...(await ledgerWithoutStripe(db, period)), ...(await payoutSums(db, period)));
  return { matched, discrepancies };
}

function compareTransaction(row: TransactionRow): Discrepancy[] {
  const stripeObjectId = row.source ?? row.id;
  const base = { stripeObjectId, ledgerReference: row.ledger_id, currency: row.currency.trim() };
  if (!row.ledger_id) return [{ ...base, kind: 'missing_in_ledger', expected: `${row.type} of ${row.amount}`, actual: 'nothing in the ledger' }];
  const found: Discrepancy[] = [];
  if (row.ledger_currency!.trim() !== row.currency.trim()) {
    found.push({ ...base, kind: 'currency_mismatch', expected: row.currency.trim(), actual: row.ledger_currency!.trim() });
  }
  if (toMinorUnits(row.ledger_amount) !== toMinorUnits(row.amount)) {
    found.push({ ...base, kind: 'amount_mismatch', expected: String(toMinorUnits(row.amount)), actual: String(toMinorUnits(row.ledger_amount)) });
  }
  if (toMinorUnits(row.ledger_fee) !== toMinorUnits(row.fee)) {
    found.push({ ...base, stripeObjectId: row.id, kind: 'fee_mismatch', expected: String(toMinorUnits(row.fee)), actual: String(toMinorUnits(row.ledger_fee)) });
  }
  return found;
}

/** Ledger transactions that should have a Stripe counterpart in the mirror and have none. */
async function ledgerWithoutStripe(db: DataSource, period: Period): Promise<Discrepancy[]> {
  const rows: { id: string; kind: string; stripe_object_id: string; currency: string; amount: string }[] = await db.query(
    `SELECT lt.id, lt.kind, lt.stripe_object_id, lt.currency,
            (SELECT sum(p.amount) FROM ledger_postings p WHERE p.transaction_id = lt.id AND p.account = 'stripe_balance') AS amount
       FROM ledger_transactions lt
      WHERE lt.occurred_at >= $1 AND lt.occurred_at < $2 AND lt.kind IN ('charge', 'refund', 'refund_failure', 'dispute', 'payout', 'fee')
        AND NOT EXISTS (SELECT 1 FROM stripe_balance_transactions bt WHERE (${LEDGER_JOIN}) OR (lt.kind = 'fee' AND bt.id = lt.stripe_object_id))`,
    [period.from, period.to],
  );
  return rows.map((r) => ({
    kind: 'missing_in_stripe', stripeObjectId: r.stripe_object_id, ledgerReference: r.id, currency: r.currency.trim(),
    expected: `a Stripe balance transaction for ${r.kind} ${r.stripe_object_id}`, actual: 'nothing in Stripe',
  }));
}

/** A payout must equal the net of the balance transactions it paid out. */
async function payoutSums(db: DataSource, period: Period): Promise<Discrepancy[]> {
  const rows: { id: string; amount: string; currency: string; paid_out: string | null; ledger_id: string | null }[] = await db.query(
    `SELECT p.id, p.amount, p.currency,
            (SELECT sum(bt.net) FROM stripe_balance_transactions bt WHERE bt.payout_id = p.id AND bt.type <> 'payout') AS paid_out,
            (SELECT lt.id FROM ledger_transactions lt WHERE lt.kind = 'payout' AND lt.stripe_object_id = p.id) AS ledger_id
       FROM stripe_payouts p WHERE p.status = 'paid' AND p.stripe_created_at >= $1 AND p.stripe_created_at < $2`,
    [period.from, period.to],
  );
  return rows
    .filter((r) => toMinorUnits(r.amount) !== toMinorUnits(r.paid_out))
    .map((r) => ({
      kind: 'payout_sum_mismatch', stripeObjectId: r.id, ledgerReference: r.ledger_id, currency: r.currency.trim(),
      expected: String(toMinorUnits(r.amount)), actual: String(toMinorUnits(r.paid_out)),
    }));
}
