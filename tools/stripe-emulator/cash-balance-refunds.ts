import type { Account } from './account.js';
import { cashBalanceObject, recordCashTransaction } from './customer-balance.js';
import { invalidRequest } from './errors.js';
import type { Params } from './form.js';
import { newId, nowSeconds, randomToken } from './ids.js';
import { checkKnownParams, checkPositiveAmount, mergeMetadata, missingParam, optionalInteger, optionalString } from './params.js';
import { readReason } from './refunds.js';
import { NO_REQUEST } from './types.js';
import type { Refund, RequestOrigin } from './types.js';

/**
 * Refunds of a customer's cash balance: `POST /v1/refunds` with `origin=customer_balance`, `customer`, `amount`,
 * `currency` and optionally `instructions_email` (docs.stripe.com/payments/customer-balance/refunding), for money
 * left over in the cash balance, such as an overpaid bank transfer.
 *
 * What Stripe does, and so the emulator:
 * - The refund names the customer and no charge, PaymentIntent or payment method. It starts `requires_action`:
 *   Stripe emails the customer (`instructions_email`, else the customer's email; with neither it refuses the
 *   refund) for the bank account to send the money to, and shows that email under
 *   `next_action.display_details.email_sent`, with 45 days to answer (`expires_at`).
 * - The money leaves the cash balance at once: a `return_initiated` cash balance transaction (negative). Stripe
 *   refuses an amount above what the cash balance holds.
 * - Once the customer gives a bank account the refund is `pending`, then `succeeded` when the money is sent. With
 *   no answer within 45 days it is `failed` (`refund.failed`) and the money goes back to the cash balance: a
 *   `return_canceled` transaction, then `cash_balance.funds_available`. `POST /v1/test_helpers/refunds/:id/expire`
 *   plays the 45 days passing.
 * - No balance transaction. Money in a cash balance is not part of the account's Stripe balance: funding it makes
 *   none, it reaches the Stripe balance only when applied to a payment (that payment's `charge`) or, unreconciled
 *   for 90 days, swept in by Stripe (`transferred_to_balance`, which names its balance transaction). A return from
 *   the cash balance therefore moves nothing in the Stripe balance (`balance_transaction: null`), unlike a refund
 *   of a bank-transfer payment, whose `refund` balance transaction puts the money back in the cash balance.
 *
 * In test mode Stripe's customer answers through the link in the email, which the emulator cannot receive; it
 * plays the answer on its own clock instead: the customer gives a bank account three minutes after the refund is
 * made (`pending`) and the money arrives three minutes after that (`succeeded`), each with `refund.updated`.
 * An `instructions_email` (or customer email) whose local part ends in `fill_never` never answers: the refund
 * fails at its `expires_at`, or when the test helper expires it.
 */

const DAY = 86_400;
/** Customers have 45 days to give their bank account. */
const ANSWER_WINDOW = 45 * DAY;
/** As for konbini vouchers: "three minutes later" in test mode. */
const TEST_DELAY_SECONDS = 180;

const PARAMS = ['origin', 'customer', 'amount', 'currency', 'instructions_email', 'metadata', 'reason'];

export function createCashBalanceRefund(account: Account, params: Params, origin: RequestOrigin): Refund {
  if (params.charge !== undefined || params.payment_intent !== undefined) {
    throw invalidRequest('A refund with origin customer_balance refunds a customer’s cash balance: give customer, not charge or payment_intent.', {
      param: params.charge !== undefined ? 'charge' : 'payment_intent',
    });
  }
  checkKnownParams(params, PARAMS);
  if (optionalString(params, 'origin') !== 'customer_balance') throw invalidRequest('Invalid origin: must be customer_balance.', { param: 'origin' });
  const customerId = optionalString(params, 'customer');
  if (!customerId) throw missingParam('customer');
  const customer = account.customers.get(customerId, 'customer');
  const amount = optionalInteger(params, 'amount');
  if (amount === undefined) throw missingParam('amount');
  checkPositiveAmount(amount);
  const currency = optionalString(params, 'currency')?.toLowerCase();
  if (!currency) throw missingParam('currency');
  const available = currency === 'jpy' ? (account.cashBalances.get(customer.id)?.available ?? 0) : 0;
  if (amount > available) {
    throw invalidRequest(`The refund amount (${amount} ${currency}) is greater than the customer's available cash balance (${available} ${currency}).`, {
      param: 'amount',
      code: 'amount_too_large',
    });
  }
  const email = optionalString(params, 'instructions_email') || (customer.email as string | null);
  if (!email) {
    throw invalidRequest('The customer has no email address to send the refund instructions to: set instructions_email, or the customer’s email.', {
      param: 'instructions_email',
    });
  }
  const reason = readReason(params);
  const now = nowSeconds();
  const refund: Refund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: null,
    created: now,
    currency: 'jpy',
    customer: customer.id,
    customer_account: null,
    destination_details: { jp_bank_transfer: { reference: null, reference_status: 'pending' }, type: 'jp_bank_transfer' },
    instructions_email: email,
    metadata: mergeMetadata({}, params),
    next_action: { display_details: { email_sent: { email_sent_at: now, email_sent_to: email }, expires_at: now + ANSWER_WINDOW }, type: 'display_details' },
    payment_intent: null,
    payment_method: null,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'requires_action',
    transfer_reversal: null,
  };
  account.refunds.add(refund);
  account.events.emit('refund.created', refund, origin);
  recordCashTransaction(account, customer.id, -amount, 'return_initiated', {}, origin);
  if (!email.toLowerCase().split('@')[0].endsWith('fill_never')) {
    account.dueSteps.push({ at: now + TEST_DELAY_SECONDS, run: () => customerAnswers(account, refund) });
  }
  account.dueSteps.push({ at: now + ANSWER_WINDOW, run: () => expire(account, refund, NO_REQUEST) });
  return refund;
}

/** `POST /v1/test_helpers/refunds/:id/expire`: a refund still waiting for the customer fails as if 45 days had passed. */
export function expireRefund(account: Account, refund: Refund, params: Params, origin: RequestOrigin): Refund {
  checkKnownParams(params, []);
  if (refund.status !== 'requires_action') {
    throw invalidRequest(`Only a refund with a status of requires_action can be expired; this one is ${refund.status}.`);
  }
  expire(account, refund, origin);
  return refund;
}

/** The customer gives a bank account: `pending`; the money arrives three minutes later: `succeeded`. */
function customerAnswers(account: Account, refund: Refund): void {
  if (refund.status !== 'requires_action') return;
  update(account, refund, () => {
    refund.status = 'pending';
    delete refund.next_action;
  });
  account.dueSteps.push({
    at: nowSeconds() + TEST_DELAY_SECONDS,
    run: () =>
      update(account, refund, () => {
        refund.status = 'succeeded';
        refund.destination_details = { jp_bank_transfer: { reference: randomToken(16).toUpperCase(), reference_status: 'available' }, type: 'jp_bank_transfer' };
      }),
  });
}

/** No answer in time: `failed`, and the money goes back to the cash balance. */
function expire(account: Account, refund: Refund, origin: RequestOrigin): void {
  if (refund.status !== 'requires_action') return;
  const previous = update(
    account,
    refund,
    () => {
      refund.status = 'failed';
      delete refund.next_action;
      refund.destination_details = { jp_bank_transfer: { reference: null, reference_status: 'unavailable' }, type: 'jp_bank_transfer' };
    },
    origin,
  );
  account.events.emit('refund.failed', refund, origin, previous);
  const customerId = refund.customer as string;
  recordCashTransaction(account, customerId, refund.amount, 'return_canceled', {}, origin);
  account.events.emit('cash_balance.funds_available', cashBalanceObject(account, customerId), origin);
}

/** Changes the refund and sends `refund.updated` with what changed, including a key the change removed. */
function update(account: Account, refund: Refund, change: () => void, origin: RequestOrigin = NO_REQUEST): Record<string, unknown> {
  const before = structuredClone(refund);
  change();
  const previous: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(refund)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(refund[key])) previous[key] = before[key] ?? null;
  }
  account.events.emit('refund.updated', refund, origin, previous);
  return previous;
}
