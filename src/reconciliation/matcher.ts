import { toMinorUnits } from '../database/money.js';
import type { LinkedTransactionRow, MatcherRepository, PayoutSumRow, Period } from './matcher.repository.js';

type DiscrepancyKind = 'missing_in_ledger' | 'missing_in_stripe' | 'amount_mismatch' | 'fee_mismatch' | 'currency_mismatch' | 'payout_sum_mismatch';

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

/** Compares the mirror of Stripe with the ledger over a period; both directions, and every payout's sum. */
export async function matchPeriod(repository: MatcherRepository, period: Period): Promise<MatchResult> {
  const discrepancies: Discrepancy[] = [];
  let matched = 0;
  for (const row of await repository.balanceTransactions(period)) {
    const found = compareTransaction(row);
    discrepancies.push(...found);
    if (!found.length) matched++;
  }
  for (const r of await repository.ledgerWithoutStripe(period)) {
    discrepancies.push({
      kind: 'missing_in_stripe',
      stripeObjectId: r.stripe_object_id,
      ledgerReference: r.id,
      currency: r.currency.trim(),
      expected: `a Stripe balance transaction for ${r.kind} ${r.stripe_object_id}`,
      actual: 'nothing in Stripe',
    });
  }
  for (const r of await repository.payoutSums(period)) discrepancies.push(...comparePayout(r));
  return { matched, discrepancies };
}

/**
 * An automatic payout must equal the net of the balance transactions Stripe says it paid out. Stripe does not itemise
 * a manual one: it must equal its own payout in the ledger.
 */
function comparePayout(r: PayoutSumRow): Discrepancy[] {
  const base = { stripeObjectId: r.id, ledgerReference: r.ledger_id, currency: r.currency.trim(), expected: String(toMinorUnits(r.amount)) };
  if (r.automatic) {
    if (toMinorUnits(r.amount) === toMinorUnits(r.paid_out)) return [];
    return [{ ...base, kind: 'payout_sum_mismatch', actual: String(toMinorUnits(r.paid_out)) }];
  }
  if (!r.ledger_id) return [{ ...base, kind: 'missing_in_ledger', actual: 'nothing in the ledger' }];
  if (toMinorUnits(r.amount) === toMinorUnits(r.ledger_amount)) return [];
  return [{ ...base, kind: 'amount_mismatch', actual: String(toMinorUnits(r.ledger_amount)) }];
}

function compareTransaction(row: LinkedTransactionRow): Discrepancy[] {
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
