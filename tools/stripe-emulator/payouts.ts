import type { Account } from './account.js';
import { invalidRequest } from './errors.js';
import { previousValues } from './events.js';
import type { Params } from './form.js';
import { newId, randomToken } from './ids.js';
import { availableBalance, recordPayout, sweepIntoPayout } from './ledger.js';
import { buildPayout } from './objects-money.js';
import { checkKnownParams, checkPositiveAmount, mergeMetadata, optionalString, requiredCurrency, requiredInteger } from './params.js';
import type { Payout, RequestOrigin } from './types.js';

/** A payout is paid at once: created, paid and reconciled within the request. */
export function createPayout(account: Account, params: Params, origin: RequestOrigin): Payout {
  checkKnownParams(params, ['amount', 'currency', 'description', 'metadata', 'statement_descriptor', 'method', 'destination', 'source_type']);
  const amount = requiredInteger(params, 'amount');
  checkPositiveAmount(amount);
  const currency = requiredCurrency(params);
  const method = optionalString(params, 'method') ?? 'standard';
  if (method !== 'standard') throw invalidRequest('The Stripe emulator supports only standard payouts.', { param: 'method' });
  const available = availableBalance(account, currency);
  if (amount > available) {
    throw invalidRequest(
      `You have insufficient funds in your Stripe account for this transfer. Your card balance is too low (available: ${available} ${currency}). You can use the /v1/balance endpoint to view your Stripe balance.`,
      { code: 'balance_insufficient', param: 'amount' },
    );
  }
  const id = newId('po');
  const transaction = recordPayout(account, id, amount, currency);
  sweepIntoPayout(account, id, currency, amount);
  const payout = account.payouts.add(
    buildPayout(id, {
      amount,
      currency,
      description: optionalString(params, 'description') ?? null,
      statementDescriptor: optionalString(params, 'statement_descriptor') ?? null,
      metadata: mergeMetadata({}, params),
      balanceTransactionId: transaction.id,
    }),
  );
  account.events.emit('payout.created', payout, origin);
  payPayout(account, payout, origin);
  return payout;
}

function payPayout(account: Account, payout: Payout, origin: RequestOrigin): void {
  const paid = previousValues(payout, () => {
    payout.status = 'paid';
    payout.trace_id = { status: 'supported', value: `EMU${randomToken(12).toUpperCase()}` };
  });
  account.events.emit('payout.paid', payout, origin, paid);
  const reconciled = previousValues(payout, () => (payout.reconciliation_status = 'completed'));
  account.events.emit('payout.reconciliation_completed', payout, origin, reconciled);
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
