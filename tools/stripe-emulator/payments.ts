import type { Account, StoredPaymentMethod } from './account.js';
import { ASYNC_METHOD_TYPES, checkAsyncStart, checkKonbiniAmount, isAsyncMethod, paymentMethodFromData, readMethodOptions, startAsyncPayment } from './async-payments.js';
import { openDispute } from './disputes.js';
import { StripeApiError, invalidRequest, noSuchObject, unexpectedState } from './errors.js';
import type { Params } from './form.js';
import { newId, nowSeconds } from './ids.js';
import { chargeFundsAvailable, emitBalanceAvailable, recordCharge } from './ledger.js';
import { buildCharge, buildPaymentIntent, buildPaymentMethod } from './objects-payments.js';
import {
  checkChargeAmount,
  checkKnownParams,
  mergeMetadata,
  missingParam,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalShipping,
  optionalString,
  optionalStringList,
  requiredCurrency,
  requiredInteger,
} from './params.js';
import { DECLINE_MESSAGES, TEST_CARDS } from './test-cards.js';
import type { TestCard } from './test-cards.js';
import { NO_REQUEST } from './types.js';
import type { Charge, PaymentIntent, RequestOrigin } from './types.js';
import { acceptsPaymentMethodTypes } from './versions.js';

const CONFIRM_PARAMS = [
  'payment_method',
  'return_url',
  'off_session',
  'error_on_requires_action',
  'mandate_data',
  'use_stripe_sdk',
  'payment_method_options',
  'receipt_email',
  'shipping',
  'setup_future_usage',
  'capture_method',
  'payment_method_types',
  'allowed_payment_method_types',
  'payment_method_data',
];
const UPDATE_PARAMS = [
  'amount',
  'currency',
  'customer',
  'description',
  'metadata',
  'payment_method',
  'payment_method_types',
  'allowed_payment_method_types',
  'receipt_email',
  'shipping',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'setup_future_usage',
  'payment_method_options',
  'transfer_group',
];
const CREATE_PARAMS = [...new Set([...UPDATE_PARAMS, ...CONFIRM_PARAMS, 'confirm', 'automatic_payment_methods', 'confirmation_method'])];
const CANCEL_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'];
/** The statuses in which a PaymentIntent can be confirmed (paid). */
export const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation'];
/** Confirmable, or waiting for the donor (a konbini voucher, a bank transfer): these can be canceled. */
const CANCELABLE = [...CONFIRMABLE, 'requires_action'];

export function createPaymentIntent(account: Account, params: Params, origin: RequestOrigin): PaymentIntent {
  checkKnownParams(params, CREATE_PARAMS);
  checkCaptureMethod(params);
  const amount = requiredInteger(params, 'amount');
  const currency = requiredCurrency(params);
  checkChargeAmount(amount, currency);
  const confirm = optionalBoolean(params, 'confirm') ?? false;
  const paymentMethodParam = optionalString(params, 'payment_method');
  const paymentMethodData = optionalObject(params, 'payment_method_data');
  if (confirm && !paymentMethodParam && !paymentMethodData) throw missingPaymentMethod();
  const types = readPaymentMethodTypes(params, origin.apiVersion);
  if (types?.allowed?.length === 1 && types.allowed[0] === 'konbini') checkKonbiniAmount(amount, currency);
  const paymentMethod = paymentMethodParam ? resolvePaymentMethod(account, paymentMethodParam) : paymentMethodData ? paymentMethodFromData(account, paymentMethodData) : null;
  const intent = buildPaymentIntent({
    amount,
    currency,
    description: optionalString(params, 'description') ?? null,
    metadata: mergeMetadata({}, params),
    customer: optionalString(params, 'customer') ?? null,
    paymentMethodTypes: types?.paymentMethodTypes ?? null,
    allowedPaymentMethodTypes: types?.allowed ?? null,
    automaticPaymentMethods: readAutomaticPaymentMethods(params),
    shipping: optionalShipping(params) ?? null,
    receiptEmail: optionalString(params, 'receipt_email') ?? null,
    statementDescriptor: optionalString(params, 'statement_descriptor') ?? null,
    statementDescriptorSuffix: optionalString(params, 'statement_descriptor_suffix') ?? null,
  });
  readMethodOptions(intent, params);
  if (paymentMethod) attachPaymentMethod(intent, paymentMethod.id);
  // Stripe refuses the whole request, creating nothing, when the confirmation it asks for cannot start.
  if (confirm && paymentMethod && isAsyncMethod(paymentMethod)) checkAsyncStart(account, intent, paymentMethod);
  account.paymentIntents.add(intent);
  account.events.emit('payment_intent.created', intent, origin);
  if (confirm) chargeIntent(account, intent, origin);
  return intent;
}

export function updatePaymentIntent(account: Account, intent: PaymentIntent, params: Params, origin: RequestOrigin): PaymentIntent {
  checkKnownParams(params, UPDATE_PARAMS);
  const types = readPaymentMethodTypes(params, origin.apiVersion);
  const shipping = optionalShipping(params);
  const amount = optionalInteger(params, 'amount');
  const currency = params.currency === undefined ? intent.currency : requiredCurrency(params);
  const paymentMethodParam = optionalString(params, 'payment_method');
  if ((amount !== undefined || currency !== intent.currency || paymentMethodParam) && !CONFIRMABLE.includes(intent.status)) {
    throw unexpectedState(`You cannot update the amount, currency or payment method of this PaymentIntent because it has a status of ${intent.status}.`);
  }
  if (amount !== undefined || currency !== intent.currency) checkChargeAmount(amount ?? intent.amount, currency);
  const paymentMethod = paymentMethodParam ? resolvePaymentMethod(account, paymentMethodParam) : null;
  intent.amount = amount ?? intent.amount;
  intent.currency = currency;
  intent.metadata = mergeMetadata(intent.metadata, params);
  if (params.description !== undefined) intent.description = optionalString(params, 'description') || null;
  if (params.receipt_email !== undefined) intent.receipt_email = optionalString(params, 'receipt_email') || null;
  if (shipping !== undefined) intent.shipping = shipping;
  if (params.customer !== undefined) intent.customer = optionalString(params, 'customer') || null;
  if (types) setPaymentMethodTypes(intent, types);
  readMethodOptions(intent, params);
  if (paymentMethod) attachPaymentMethod(intent, paymentMethod.id);
  return intent;
}

export function confirmPaymentIntent(account: Account, intent: PaymentIntent, params: Params, origin: RequestOrigin): PaymentIntent {
  checkKnownParams(params, CONFIRM_PARAMS);
  checkCaptureMethod(params);
  if (!CONFIRMABLE.includes(intent.status)) {
    throw unexpectedState(`You cannot confirm this PaymentIntent because it has a status of ${intent.status}.`);
  }
  const types = readPaymentMethodTypes(params, origin.apiVersion);
  const shipping = optionalShipping(params);
  const paymentMethodParam = optionalString(params, 'payment_method');
  const paymentMethodData = optionalObject(params, 'payment_method_data');
  if (paymentMethodParam) attachPaymentMethod(intent, resolvePaymentMethod(account, paymentMethodParam).id);
  else if (paymentMethodData) attachPaymentMethod(intent, paymentMethodFromData(account, paymentMethodData).id);
  if (!intent.payment_method) throw missingPaymentMethod();
  readMethodOptions(intent, params);
  if (params.receipt_email !== undefined) intent.receipt_email = optionalString(params, 'receipt_email') || null;
  if (shipping !== undefined) intent.shipping = shipping;
  if (types) setPaymentMethodTypes(intent, types);
  chargeIntent(account, intent, origin);
  return intent;
}

export function cancelPaymentIntent(account: Account, intent: PaymentIntent, params: Params, origin: RequestOrigin): PaymentIntent {
  checkKnownParams(params, ['cancellation_reason']);
  const reason = optionalString(params, 'cancellation_reason') ?? null;
  if (reason !== null && !CANCEL_REASONS.includes(reason)) {
    throw invalidRequest(`Invalid cancellation_reason: must be one of ${CANCEL_REASONS.join(', ')}`, { param: 'cancellation_reason' });
  }
  if (!CANCELABLE.includes(intent.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
    );
  }
  intent.status = 'canceled';
  intent.next_action = null;
  intent.canceled_at = nowSeconds();
  intent.cancellation_reason = reason;
  account.events.emit('payment_intent.canceled', intent, origin);
  return intent;
}

function readAutomaticPaymentMethods(params: Params): { enabled: boolean; allow_redirects: string } | null {
  const value = optionalObject(params, 'automatic_payment_methods');
  if (!value) return null;
  const enabled = optionalBoolean(value, 'enabled');
  if (enabled === undefined) throw missingParam('automatic_payment_methods[enabled]');
  return { enabled, allow_redirects: optionalString(value, 'allow_redirects') ?? 'always' };
}

/** The payment method types the emulator can take payments with. */
const EMULATED_PAYMENT_METHOD_TYPES = ['card', ...ASYNC_METHOD_TYPES];

interface PaymentMethodTypes {
  paymentMethodTypes: string[];
  allowed: string[] | null;
}

/**
 * `payment_method_types` sets the list, until the API version that removed it refuses it; `allowed_payment_method_types`
 * (which excludes the other ways of choosing) keeps only the types that can be used, as Stripe does.
 */
function readPaymentMethodTypes(params: Params, apiVersion: string): PaymentMethodTypes | undefined {
  const listed = optionalStringList(params, 'payment_method_types');
  if (listed && !acceptsPaymentMethodTypes(apiVersion)) {
    throw invalidRequest(
      `payment_method_types is no longer supported in API version ${apiVersion}: use allowed_payment_method_types, or leave both out for dynamic payment methods.`,
      { param: 'payment_method_types', code: 'payment_method_types_no_longer_supported' },
    );
  }
  const allowed = optionalStringList(params, 'allowed_payment_method_types');
  if (!allowed) return listed ? { paymentMethodTypes: listed, allowed: null } : undefined;
  const conflicting = ['payment_method_types', 'automatic_payment_methods'].find((name) => params[name] !== undefined);
  if (conflicting) throw invalidRequest(`allowed_payment_method_types cannot be used together with ${conflicting}.`, { param: 'allowed_payment_method_types' });
  const usable = allowed.filter((type) => EMULATED_PAYMENT_METHOD_TYPES.includes(type));
  if (usable.length === 0) {
    throw invalidRequest(`None of the allowed_payment_method_types can be used here; the Stripe emulator takes: ${EMULATED_PAYMENT_METHOD_TYPES.join(', ')}.`, {
      param: 'allowed_payment_method_types',
    });
  }
  return { paymentMethodTypes: usable, allowed };
}

function setPaymentMethodTypes(intent: PaymentIntent, types: PaymentMethodTypes): void {
  intent.payment_method_types = types.paymentMethodTypes;
  intent.allowed_payment_method_types = types.allowed;
  intent.automatic_payment_methods = null;
  intent.payment_method_configuration_details = null;
}

function checkCaptureMethod(params: Params): void {
  const captureMethod = optionalString(params, 'capture_method');
  if (captureMethod !== undefined && captureMethod !== 'automatic' && captureMethod !== 'automatic_async') {
    throw invalidRequest('The Stripe emulator supports only automatic capture (capture_method automatic or automatic_async).', { param: 'capture_method' });
  }
}

function missingPaymentMethod(): StripeApiError {
  return invalidRequest(
    "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
    { code: 'payment_intent_unexpected_state', param: 'payment_method' },
  );
}

function attachPaymentMethod(intent: PaymentIntent, paymentMethodId: string): void {
  intent.payment_method = paymentMethodId;
  if (intent.status === 'requires_payment_method') intent.status = 'requires_confirmation';
}

/** A test token (`pm_card_visa`) becomes a new `pm_…` as in Stripe; a `pm_…` the emulator made is reused. */
function resolvePaymentMethod(account: Account, id: string): StoredPaymentMethod {
  const testCard = TEST_CARDS[id];
  if (!testCard) return account.paymentMethods.get(id, 'payment_method');
  const paymentMethod = buildPaymentMethod(newId('pm'), testCard) as StoredPaymentMethod;
  account.testCards.set(paymentMethod.id, testCard);
  return account.paymentMethods.add(paymentMethod);
}

function chargeIntent(account: Account, intent: PaymentIntent, origin: RequestOrigin): void {
  const paymentMethodId = intent.payment_method as string;
  const stored = account.paymentMethods.find(paymentMethodId);
  if (stored && isAsyncMethod(stored)) {
    startAsyncPayment(account, intent, stored, origin);
    return;
  }
  const card = account.testCards.get(paymentMethodId);
  if (!card) throw noSuchObject('PaymentMethod', paymentMethodId, 'payment_method');
  if (card.declineCode) declineCharge(account, intent, card, origin);
  else succeedCharge(account, intent, card, origin);
}

function succeedCharge(account: Account, intent: PaymentIntent, card: TestCard, origin: RequestOrigin): void {
  const charge = buildCharge({ intent, paymentMethodId: intent.payment_method as string, card, balanceTransactionId: null });
  charge.balance_transaction = recordCharge(account, charge).id;
  account.charges.add(charge);
  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  intent.latest_charge = charge.id;
  intent.last_payment_error = null;
  account.events.emit('charge.succeeded', charge, origin);
  account.events.emit('payment_intent.succeeded', intent, origin);
  // Stripe reports newly available funds; card funds are pending for days unless the card bypasses that (ledger.ts).
  if (chargeFundsAvailable(account, charge)) emitBalanceAvailable(account, origin);
  if (card.dispute) openDispute(account, charge, card.dispute, NO_REQUEST);
}

function declineCharge(account: Account, intent: PaymentIntent, card: TestCard, origin: RequestOrigin): never {
  const paymentMethod = account.paymentMethods.get(intent.payment_method as string);
  const charge = account.charges.add(buildCharge({ intent, paymentMethodId: paymentMethod.id, card, balanceTransactionId: null }));
  const error = cardError(charge, card, paymentMethod);
  intent.status = 'requires_payment_method';
  intent.payment_method = null;
  intent.latest_charge = charge.id;
  intent.last_payment_error = { ...error };
  account.events.emit('charge.failed', charge, origin);
  account.events.emit('payment_intent.payment_failed', intent, origin);
  throw new StripeApiError(402, { ...error, payment_intent: structuredClone(intent) });
}

function cardError(charge: Charge, card: TestCard, paymentMethod: StoredPaymentMethod) {
  const declineCode = card.declineCode ?? 'generic_decline';
  return {
    type: 'card_error' as const,
    code: 'card_declined',
    decline_code: declineCode,
    message: DECLINE_MESSAGES[declineCode],
    doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    charge: charge.id,
    payment_method: structuredClone(paymentMethod),
  };
}
