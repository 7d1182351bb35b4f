import type { Account } from './account.js';
import { invalidRequest } from './errors.js';
import { previousValues } from './events.js';
import type { Params } from './form.js';
import { newId, randomToken } from './ids.js';
import { recordPayout, recordPayoutFailure, sweepIntoPayout } from './ledger.js';
import { buildPayout } from './objects-money.js';
import { checkKnownParams, checkPositiveAmount, mergeMetadata, optionalString, requiredCurrency, requiredInteger } from './params.js';
import { NO_REQUEST } from './types.js';
import type { Payout, RequestOrigin } from './types.js';

/**
 * Payouts go `pending` → `in_transit` → `paid` (or `failed`) as the emulator's clock passes: in transit at once,
 * at the bank on their `arrival_date`. Automatic ones come from the payout schedule (timeline.ts) and are
 * itemised and reconciled; those made through the API are manual, as in Stripe.
 */

/** Stripe's payout failure codes a test may ask for, with what each means. */
export const PAYOUT_FAILURES: Record<string, string> = {
  account_closed: 'The bank account has been closed.',
  account_frozen: 'The bank account has been frozen.',
  bank_account_restricted: 'The bank account restricts the kind or number of payouts it takes.',
  could_not_process: 'The bank could not process this payout.',
  debit_not_authorized: 'Debit transactions are not approved on the bank account.',
  declined: 'The bank declined this payout; contact the bank before trying again.',
  insufficient_funds: 'Your Stripe account has insufficient funds to cover the payout.',
  invalid_account_number: 'The bank account number is invalid.',
  invalid_currency: 'The bank account cannot take payouts in this currency.',
  no_account: 'No bank account could be found with the details on file.',
};

/** A manual payout, refused when the available balance is short. */
export function createPayout(account: Account, params: Params, origin: RequestOrigin): Payout {
  checkKnownParams(params, ['amount', 'currency', 'description', 'metadata', 'statement_descriptor', 'method', 'destination', 'source_type']);
  const amount = requiredInteger(params, 'amount');
  checkPositiveAmount(amount);
  const currency = requiredCurrency(params);
  const method = optionalString(params, 'method') ?? 'standard';
  if (method !== 'standard') throw invalidRequest('The Stripe emulator supports only standard payouts.', { param: 'method' });
  const available = currency === account.settlement.currency ? account.funds.available : 0;
  if (amount > available) {
    throw invalidRequest(
      `You have insufficient funds in your Stripe account for this transfer. Your card balance is too low (available: ${available} ${currency}). You can use the /v1/balance endpoint to view your Stripe balance.`,
      { code: 'balance_insufficient', param: 'amount' },
    );
  }
  return startPayout(account, amount, false, origin, {
    description: optionalString(params, 'description') ?? null,
    statementDescriptor: optionalString(params, 'statement_descriptor') ?? null,
    metadata: mergeMetadata({}, params),
  });
}

/** The schedule's sweep: the whole available balance, itemised. Nothing when there is nothing to pay out. */
export function runAutomaticPayout(account: Account): Payout | undefined {
  const amount = account.funds.available;
  if (amount <= 0) return undefined;
  const payout = startPayout(account, amount, true, NO_REQUEST, { description: 'STRIPE PAYOUT', statementDescriptor: null, metadata: {} });
  sweepIntoPayout(account, payout.id);
  return payout;
}

interface PayoutDetails {
  description: string | null;
  statementDescriptor: string | null;
  metadata: Payout['metadata'];
}

function startPayout(account: Account, amount: number, automatic: boolean, origin: RequestOrigin, details: PayoutDetails): Payout {
  const id = newId('po');
  const transaction = recordPayout(account, id, amount, automatic);
  const now = account.settlement.clock.nowSeconds();
  const payout = account.payouts.add(
    buildPayout(id, {
      ...details,
      amount,
      automatic,
      currency: account.settlement.currency,
      arrivalDate: account.settlement.calendar.arrivalDate(now),
      balanceTransactionId: transaction.id,
    }),
  );
  if (account.nextPayoutFailure) account.failingPayouts.set(id, account.nextPayoutFailure);
  account.nextPayoutFailure = undefined;
  account.payoutsInFlight.push(payout);
  account.events.emit('payout.created', payout, origin);
  return payout;
}

/** When the payout in flight next changes: at once while pending, on its arrival date while in transit. */
export function nextPayoutStep(payout: Payout): number {
  return payout.status === 'pending' ? payout.created : payout.arrival_date;
}

/** Moves a payout in flight one step; returns true when it has finished (paid or failed). */
export function stepPayout(account: Account, payout: Payout): boolean {
  if (payout.status === 'pending') {
    const previous = previousValues(payout, () => (payout.status = 'in_transit'));
    account.events.emit('payout.updated', payout, NO_REQUEST, previous);
    return false;
  }
  const failureCode = account.failingPayouts.get(payout.id);
  if (failureCode) failPayout(account, payout, failureCode);
  else payPayout(account, payout);
  if (payout.automatic) {
    const reconciled = previousValues(payout, () => (payout.reconciliation_status = 'completed'));
    account.events.emit('payout.reconciliation_completed', payout, NO_REQUEST, reconciled);
  }
  return true;
}

function payPayout(account: Account, payout: Payout): void {
  const previous = previousValues(payout, () => {
    payout.status = 'paid';
    payout.trace_id = { status: 'supported', value: `EMU${randomToken(12).toUpperCase()}` };
  });
  account.events.emit('payout.paid', payout, NO_REQUEST, previous);
}

/** The bank sends the money back: a `payout_failure` transaction returns it to the available balance. */
function failPayout(account: Account, payout: Payout, failureCode: string): void {
  account.failingPayouts.delete(payout.id);
  const returned = recordPayoutFailure(account, payout.id, payout.amount);
  const previous = previousValues(payout, () => {
    payout.status = 'failed';
    payout.failure_code = failureCode;
    payout.failure_message = PAYOUT_FAILURES[failureCode];
    payout.failure_balance_transaction = returned.id;
  });
  account.events.emit('payout.failed', payout, NO_REQUEST, previous);
}

export function updatePayout(account: Account, payout: Payout, params: Params, origin: RequestOrigin): Payout {
  checkKnownParams(params, ['metadata']);
  const previous = previousValues(payout, () => (payout.metadata = mergeMetadata(payout.metadata, params)));
  account.events.emit('payout.updated', payout, origin, previous);
  return payout;
}

/** Test control: a payout whose amount no longer matches what it paid out, for reconciliation tests. */
export function alterPayoutAmount(account: Account, payoutId: string, amount: number): Payout {
  const payout = account.payouts.get(payoutId);
  payout.amount = amount;
  return payout;
}

/** Test control: the next payout created fails at the bank with `failureCode`. */
export function failNextPayout(account: Account, failureCode: string): void {
  if (!PAYOUT_FAILURES[failureCode]) throw new Error(`unknown payout failure code ${failureCode}; one of ${Object.keys(PAYOUT_FAILURES).join(', ')}`);
  account.nextPayoutFailure = failureCode;
}
