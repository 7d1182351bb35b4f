import type { Account } from './account.js';
import { refundToCashBalance } from './customer-balance.js';
import { blocksRefund } from './disputes.js';
import { invalidRequest } from './errors.js';
import { previousValues } from './events.js';
import type { Params } from './form.js';
import { recordRefund, recordRefundFailure } from './ledger.js';
import { buildRefund } from './objects-payments.js';
import { checkKnownParams, checkPositiveAmount, mergeMetadata, optionalInteger, optionalString } from './params.js';
import { NO_REQUEST } from './types.js';
import type { Charge, Refund, RequestOrigin } from './types.js';

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'];

export function createRefund(account: Account, params: Params, origin: RequestOrigin): Refund {
  checkKnownParams(params, ['amount', 'charge', 'payment_intent', 'metadata', 'reason', 'instructions_email', 'refund_application_fee', 'reverse_transfer']);
  const charge = refundableCharge(account, params);
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining === 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = optionalInteger(params, 'amount') ?? remaining;
  checkPositiveAmount(amount);
  if (amount > remaining) {
    throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining}).`, { param: 'amount', code: 'amount_too_large' });
  }
  const refund = buildRefund(charge, amount, readReason(params), mergeMetadata({}, params));
  const toCashBalance = (charge.payment_method_details as { type?: string } | null)?.type === 'customer_balance' && charge.customer !== null;
  if (toCashBalance) refund.destination_details = { customer_cash_balance: {}, type: 'customer_cash_balance' };
  refund.balance_transaction = recordRefund(account, refund).id;
  const refundFails = account.testCards.get(charge.payment_method)?.refundFails ?? false;
  if (refundFails) refund.status = 'pending';
  account.refunds.add(refund);
  const previous = previousValues(charge, () => changeRefunded(charge, amount));
  account.events.emit('refund.created', refund, origin);
  account.events.emit('charge.refunded', charge, origin, previous);
  if (refundFails) account.scheduler.later(() => failRefund(account, refund, charge));
  if (toCashBalance) refundToCashBalance(account, charge.customer as string, refund.id, amount, origin);
  return refund;
}

export function updateRefund(account: Account, refund: Refund, params: Params, origin: RequestOrigin): Refund {
  checkKnownParams(params, ['metadata']);
  const previous = previousValues(refund, () => (refund.metadata = mergeMetadata(refund.metadata, params)));
  account.events.emit('refund.updated', refund, origin, previous);
  account.events.emit('charge.refund.updated', refund, origin, previous);
  return refund;
}

function refundableCharge(account: Account, params: Params): Charge {
  const chargeId = optionalString(params, 'charge');
  const intentId = optionalString(params, 'payment_intent');
  if (Boolean(chargeId) === Boolean(intentId)) {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', { param: 'charge' });
  }
  const charge = chargeId ? account.charges.get(chargeId, 'charge') : chargeOfIntent(account, intentId as string);
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, { param: 'charge' });
  if (account.disputes.oldestFirst().some((dispute) => dispute.charge === charge.id && blocksRefund(dispute))) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: 'charge_disputed' });
  }
  return charge;
}

function chargeOfIntent(account: Account, intentId: string): Charge {
  const intent = account.paymentIntents.get(intentId, 'payment_intent');
  const charge = intent.latest_charge ? account.charges.get(intent.latest_charge) : undefined;
  if (charge?.status !== 'succeeded') {
    throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, { param: 'payment_intent' });
  }
  return charge;
}

export function readReason(params: Params): string | null {
  const reason = optionalString(params, 'reason') ?? null;
  if (reason !== null && !REASONS.includes(reason)) {
    throw invalidRequest(`Invalid reason: must be one of ${REASONS.join(', ')}`, { param: 'reason' });
  }
  return reason;
}

/** `amount` > 0 refunds that much more; < 0 gives it back (a failed refund). */
function changeRefunded(charge: Charge, amount: number): void {
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
}

/** Stripe's refund-failure test card: the bank refuses the refund a moment later and the money returns. */
function failRefund(account: Account, refund: Refund, charge: Charge): void {
  const previous = previousValues(refund, () => (refund.status = 'failed'));
  recordRefundFailure(account, refund);
  const chargePrevious = previousValues(charge, () => changeRefunded(charge, -refund.amount));
  account.events.emit('refund.updated', refund, NO_REQUEST, previous);
  account.events.emit('refund.failed', refund, NO_REQUEST, previous);
  account.events.emit('charge.refund.updated', refund, NO_REQUEST, previous);
  account.events.emit('charge.updated', charge, NO_REQUEST, chargePrevious);
}
