import type { Account, StoredPaymentMethod } from './account.js';
import { invalidRequest } from './errors.js';
import type { Params } from './form.js';
import { newId, nowSeconds, randomToken } from './ids.js';
import { recordMethodCharge } from './ledger.js';
import { buildCharge } from './objects-payments.js';
import { applyCashBalance, virtualAccountOf } from './customer-balance.js';
import { checkKnownParams, missingParam, optionalInteger, optionalObject, optionalString } from './params.js';
import type { PaymentIntent, RequestOrigin } from './types.js';
import { NO_REQUEST } from './types.js';

/**
 * Konbini vouchers and Japanese bank transfers (customer balance), as Stripe's test mode runs them
 * (docs.stripe.com/payments/konbini/accept-a-payment, docs.stripe.com/payments/bank-transfers):
 * confirming leaves the PaymentIntent in `requires_action` with what to show the donor; the voucher is paid
 * or expires on the emulator's clock, as the billing email says; a bank transfer is paid by funding the
 * customer's cash balance (customer-balance.ts).
 */

/** Stripe's konbini limits: ¥120 to ¥300,000 (docs.stripe.com/payments/konbini). */
const KONBINI_MIN = 120;
const KONBINI_MAX = 300_000;
/** "After three minutes" in Stripe's konbini test emails. */
const TEST_DELAY_SECONDS = 180;
const DAY = 86_400;
const JST = 9 * 3600;

export const ASYNC_METHOD_TYPES = ['konbini', 'customer_balance'];

/** `payment_method_data[type]=konbini|customer_balance` with billing details: a new PaymentMethod, as Stripe makes one. */
export function paymentMethodFromData(account: Account, data: Params): StoredPaymentMethod {
  checkKnownParams(data, ['type', 'billing_details', 'metadata', 'konbini', 'customer_balance', 'allow_redisplay'], 'payment_method_data');
  const type = optionalString(data, 'type');
  if (!type) throw missingParam('payment_method_data[type]');
  if (!ASYNC_METHOD_TYPES.includes(type)) {
    throw invalidRequest(`The Stripe emulator takes payment_method_data only for ${ASYNC_METHOD_TYPES.join(' and ')}; use a test card token for cards.`, {
      param: 'payment_method_data[type]',
    });
  }
  const billing = optionalObject(data, 'billing_details') ?? {};
  checkKnownParams(billing, ['email', 'name', 'phone', 'address', 'tax_id'], 'payment_method_data[billing_details]');
  const paymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: optionalString(billing, 'email') ?? null,
      name: optionalString(billing, 'name') ?? null,
      phone: optionalString(billing, 'phone') ?? null,
      tax_id: null,
    },
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type,
    [type]: {},
  } as unknown as StoredPaymentMethod;
  return account.paymentMethods.add(paymentMethod);
}

export function isAsyncMethod(paymentMethod: StoredPaymentMethod): boolean {
  return ASYNC_METHOD_TYPES.includes(paymentMethod.type as string);
}

/** `payment_method_options[konbini|customer_balance]` as the PaymentIntent shows them; the card options stay. */
export function readMethodOptions(intent: PaymentIntent, params: Params): void {
  const options = optionalObject(params, 'payment_method_options');
  if (!options) return;
  checkKnownParams(options, ['card', 'konbini', 'customer_balance'], 'payment_method_options');
  const shown = intent.payment_method_options as Record<string, unknown>;
  const konbini = optionalObject(options, 'konbini');
  if (konbini) {
    checkKnownParams(konbini, ['expires_after_days', 'expires_at', 'product_description', 'confirmation_number', 'setup_future_usage'], 'payment_method_options[konbini]');
    const days = optionalInteger(konbini, 'expires_after_days');
    const at = optionalInteger(konbini, 'expires_at');
    if (days !== undefined && at !== undefined) {
      throw invalidRequest('Only one of expires_after_days or expires_at may be set.', { param: 'payment_method_options[konbini][expires_at]' });
    }
    if (days !== undefined && (days < 1 || days > 60)) {
      throw invalidRequest('expires_after_days must be between 1 and 60.', { param: 'payment_method_options[konbini][expires_after_days]' });
    }
    if (at !== undefined && (at < nowSeconds() + 30 * 60 || at > nowSeconds() + 60 * DAY)) {
      throw invalidRequest('expires_at must be more than 30 minutes from now and less than 60 days away.', { param: 'payment_method_options[konbini][expires_at]' });
    }
    shown.konbini = {
      confirmation_number: optionalString(konbini, 'confirmation_number') ?? null,
      expires_after_days: days ?? null,
      expires_at: at ?? null,
      product_description: optionalString(konbini, 'product_description') ?? null,
    };
  }
  const balance = optionalObject(options, 'customer_balance');
  if (balance) {
    checkKnownParams(balance, ['funding_type', 'bank_transfer', 'setup_future_usage'], 'payment_method_options[customer_balance]');
    const fundingType = optionalString(balance, 'funding_type');
    if (fundingType !== undefined && fundingType !== 'bank_transfer') {
      throw invalidRequest('funding_type must be bank_transfer.', { param: 'payment_method_options[customer_balance][funding_type]' });
    }
    const transfer = optionalObject(balance, 'bank_transfer') ?? {};
    checkKnownParams(transfer, ['type', 'requested_address_types'], 'payment_method_options[customer_balance][bank_transfer]');
    const type = optionalString(transfer, 'type');
    if (type !== undefined && type !== 'jp_bank_transfer') {
      throw invalidRequest('The Stripe emulator offers only jp_bank_transfer bank transfers.', { param: 'payment_method_options[customer_balance][bank_transfer][type]' });
    }
    shown.customer_balance = { bank_transfer: { type: type ?? null }, funding_type: fundingType ?? null };
  }
}

/** Konbini takes JPY from ¥120 to ¥300,000; Stripe refuses anything else when konbini is the method. */
export function checkKonbiniAmount(amount: number, currency: string): void {
  if (currency !== 'jpy') throw invalidRequest('Konbini only supports payments in jpy.', { param: 'currency', code: 'payment_method_currency_mismatch' });
  if (amount < KONBINI_MIN) throw invalidRequest(`Amount must be at least ¥${KONBINI_MIN} for konbini payments.`, { param: 'amount', code: 'amount_too_small' });
  if (amount > KONBINI_MAX) throw invalidRequest(`Amount must be no more than ¥${KONBINI_MAX} for konbini payments.`, { param: 'amount', code: 'amount_too_large' });
}

/**
 * Refuses, before anything changes, a konbini or bank-transfer confirmation Stripe would refuse: konbini outside
 * its limits or without the donor's name and email; a bank transfer without a customer, or not in yen.
 */
export function checkAsyncStart(account: Account, intent: PaymentIntent, paymentMethod: StoredPaymentMethod): void {
  if (paymentMethod.type === 'konbini') {
    checkKonbiniAmount(intent.amount, intent.currency);
    const billing = paymentMethod.billing_details as { email: string | null; name: string | null };
    if (!billing.email) throw missingParam('payment_method_data[billing_details][email]');
    if (!billing.name) throw missingParam('payment_method_data[billing_details][name]');
    return;
  }
  if (!intent.customer) {
    throw invalidRequest('A customer is required to use the customer_balance payment method: set customer on the PaymentIntent.', { param: 'customer' });
  }
  account.customers.get(intent.customer, 'customer');
  if (intent.currency !== 'jpy') {
    throw invalidRequest('The Stripe emulator takes bank transfers (jp_bank_transfer) in jpy only.', { param: 'currency', code: 'payment_method_currency_mismatch' });
  }
}

/** Starts a konbini or bank-transfer payment: `requires_action` with what the donor must do. */
export function startAsyncPayment(account: Account, intent: PaymentIntent, paymentMethod: StoredPaymentMethod, origin: RequestOrigin): void {
  checkAsyncStart(account, intent, paymentMethod);
  if (paymentMethod.type === 'konbini') startKonbini(account, intent, paymentMethod, origin);
  else startBankTransfer(account, intent, origin);
}

/**
 * What Stripe's test mode does with a voucher, chosen by the billing email's local part or by one of the test
 * confirmation numbers (`payment_method_options[konbini][confirmation_number]`).
 */
type KonbiniTestOutcome = 'pay_later' | 'succeed_immediately' | 'expire_immediately' | 'expire_with_delay' | 'fill_never';

const TEST_CONFIRMATION_NUMBERS: Record<string, KonbiniTestOutcome> = {
  '11111111110': 'pay_later',
  '22222222220': 'succeed_immediately',
  '33333333330': 'expire_immediately',
  '44444444440': 'expire_with_delay',
  '55555555550': 'fill_never',
};

function testOutcome(email: string, confirmationNumber: string | null | undefined): KonbiniTestOutcome {
  const byNumber = confirmationNumber ? TEST_CONFIRMATION_NUMBERS[confirmationNumber] : undefined;
  if (byNumber) return byNumber;
  const local = email.toLowerCase().split('@')[0];
  const named = (['succeed_immediately', 'expire_immediately', 'expire_with_delay', 'fill_never'] as const).find((suffix) => local.endsWith(suffix));
  return named ?? 'pay_later';
}

function startKonbini(account: Account, intent: PaymentIntent, paymentMethod: StoredPaymentMethod, origin: RequestOrigin): void {
  const options = (intent.payment_method_options as { konbini?: { expires_after_days: number | null; expires_at: number | null; confirmation_number: string | null } }).konbini;
  const now = nowSeconds();
  const outcome = testOutcome((paymentMethod.billing_details as { email: string | null }).email ?? '', options?.confirmation_number);
  // As for Stripe's other vouchers, the expiring test cases show the deadline they will meet, whatever was asked.
  let expiresAt = options?.expires_at ?? endOfJstDay(now, options?.expires_after_days ?? 3);
  if (outcome === 'expire_immediately') expiresAt = now;
  if (outcome === 'expire_with_delay') expiresAt = now + TEST_DELAY_SECONDS;
  const confirmation = options?.confirmation_number ?? digits(11);
  const store = () => ({ confirmation_number: confirmation, payment_code: digits(6) });
  // FamilyMart, Lawson and Ministop show the payment code with a confirmation number; Seicomart only a code.
  const stores = { familymart: store(), lawson: store(), ministop: store(), seicomart: { payment_code: digits(11) } };
  // Stripe's hosted voucher lives on payments.stripe.com; the emulator serves its own (voucher-page.ts), reachable locally.
  const token = `test_${randomToken(40)}`;
  account.vouchers.set(token, { paymentIntent: intent.id, paymentMethod: paymentMethod.id, amount: intent.amount, expiresAt, stores: structuredClone(stores) });
  intent.status = 'requires_action';
  intent.payment_method_types = intent.payment_method_types.includes('konbini') ? intent.payment_method_types : [...intent.payment_method_types, 'konbini'];
  intent.next_action = {
    type: 'konbini_display_details',
    konbini_display_details: { expires_at: expiresAt, hosted_voucher_url: voucherUrl(account, token), stores },
  };
  account.events.emit('payment_intent.requires_action', intent, origin);
  const pay = () => payKonbini(account, intent);
  const expire = () => expireKonbini(account, intent);
  // "Immediately" is a moment after the confirmation, which still answers with the voucher (as Stripe's does).
  if (outcome === 'succeed_immediately') account.scheduler.later(pay);
  else if (outcome === 'expire_immediately') account.scheduler.later(expire);
  else if (outcome === 'expire_with_delay' || outcome === 'fill_never') account.dueSteps.push({ at: expiresAt, run: expire });
  else account.dueSteps.push({ at: now + TEST_DELAY_SECONDS, run: pay });
}

/** Where the emulator serves the voucher page of `token`. */
function voucherUrl(account: Account, token: string): string {
  return `${account.publicUrl}${VOUCHER_PATH}${token}`;
}

export const VOUCHER_PATH = '/konbini/voucher/';

/** 23:59:59 JST, `days` calendar days after the day (JST) of `at`. */
function endOfJstDay(at: number, days: number): number {
  const startOfDay = Math.floor((at + JST) / DAY) * DAY - JST;
  return startOfDay + (days + 1) * DAY - 1;
}

function digits(count: number): string {
  let text = String(1 + Math.floor(Math.random() * 9));
  while (text.length < count) text += String(Math.floor(Math.random() * 10));
  return text;
}

/** Still waiting for the voucher to be paid: not canceled, paid or confirmed with something else meanwhile. */
function awaitingVoucher(intent: PaymentIntent, paymentMethodId: string | null): boolean {
  return intent.status === 'requires_action' && intent.payment_method === paymentMethodId;
}

function payKonbini(account: Account, intent: PaymentIntent): void {
  if (!awaitingVoucher(intent, intent.payment_method)) return;
  succeedAsync(account, intent, 'konbini', { konbini: { store: { chain: 'lawson' } }, type: 'konbini' });
}

/** An unpaid voucher expires: the PaymentIntent goes back to `requires_payment_method` with `payment_intent.payment_failed`. */
function expireKonbini(account: Account, intent: PaymentIntent): void {
  const paymentMethodId = intent.payment_method;
  if (!awaitingVoucher(intent, paymentMethodId)) return;
  const paymentMethod = account.paymentMethods.get(paymentMethodId as string);
  intent.status = 'requires_payment_method';
  intent.next_action = null;
  intent.payment_method = null;
  intent.last_payment_error = {
    code: 'payment_intent_payment_attempt_expired',
    doc_url: 'https://stripe.com/docs/error-codes/payment-intent-payment-attempt-expired',
    message: 'The payment attempt for this PaymentIntent has expired: the konbini voucher was not paid before its deadline.',
    payment_method: structuredClone(paymentMethod),
    type: 'invalid_request_error',
  };
  account.events.emit('payment_intent.payment_failed', intent, NO_REQUEST);
}

/** The PaymentIntent is paid: a charge, its balance transaction at the method's fee, and Stripe's events. */
export function succeedAsync(
  account: Account,
  intent: PaymentIntent,
  method: 'konbini' | 'bankTransfer',
  details: Record<string, unknown>,
  origin: RequestOrigin = NO_REQUEST,
): void {
  const paymentMethodId = intent.payment_method as string;
  const charge = buildCharge({ intent, paymentMethodId, card: { brand: 'visa', last4: '0000', country: 'JP' } as never, balanceTransactionId: null });
  charge.payment_method_details = details;
  charge.outcome = {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'approved_by_network',
    reason: null,
    risk_level: 'not_assessed',
    seller_message: 'Payment complete.',
    type: 'authorized',
  };
  const billing = account.paymentMethods.find(paymentMethodId)?.billing_details;
  if (billing) charge.billing_details = structuredClone(billing);
  charge.balance_transaction = recordMethodCharge(account, charge, method).id;
  account.charges.add(charge);
  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  intent.latest_charge = charge.id;
  intent.next_action = null;
  intent.last_payment_error = null;
  account.events.emit('charge.succeeded', charge, origin);
  account.events.emit('payment_intent.succeeded', intent, origin);
}

// Bank transfers ------------------------------------------------------------------------------------------

function startBankTransfer(account: Account, intent: PaymentIntent, origin: RequestOrigin): void {
  const customer = account.customers.get(intent.customer as string, 'customer');
  intent.status = 'requires_action';
  intent.payment_method_types = intent.payment_method_types.includes('customer_balance') ? intent.payment_method_types : [...intent.payment_method_types, 'customer_balance'];
  setInstructions(intent, virtualAccountOf(account, customer.id), intent.amount);
  // What the customer's cash balance already holds is applied at once (automatic reconciliation).
  if (!applyCashBalance(account, customer.id, intent, origin)) account.events.emit('payment_intent.requires_action', intent, origin);
}

/** What is still to be transferred, as the instructions show it. */
export function amountRemaining(intent: PaymentIntent): number {
  const action = intent.next_action as { display_bank_transfer_instructions?: { amount_remaining: number } } | null;
  return action?.display_bank_transfer_instructions?.amount_remaining ?? intent.amount;
}

export function setInstructions(intent: PaymentIntent, zengin: Record<string, unknown>, remaining: number): void {
  intent.next_action = {
    type: 'display_bank_transfer_instructions',
    display_bank_transfer_instructions: {
      amount_remaining: remaining,
      currency: intent.currency,
      financial_addresses: [{ supported_networks: ['zengin'], type: 'zengin', zengin }],
      hosted_instructions_url: `https://payments.stripe.com/bank_transfers/instructions/test_${intent.id}`,
      reference: null,
      type: 'jp_bank_transfer',
    },
  };
}
