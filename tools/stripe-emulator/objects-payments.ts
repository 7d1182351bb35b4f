import { newId, nowSeconds, randomToken } from './ids.js';
import { DECLINE_MESSAGES } from './test-cards.js';
import type { TestCard } from './test-cards.js';
import type { Charge, Metadata, PaymentIntent, Refund } from './types.js';
import type { Currency } from '../../src/stripe/currencies.js';

/** Builders with every top-level key Stripe's objects carry (see ../shared/stripe-fixtures). */

export interface PaymentIntentInput {
  amount: number;
  currency: Currency;
  description: string | null;
  metadata: Metadata;
  customer: string | null;
  paymentMethodTypes: string[] | null;
  /** The `allowed_payment_method_types` asked for; `paymentMethodTypes` then holds the ones the emulator can use. */
  allowedPaymentMethodTypes: string[] | null;
  automaticPaymentMethods: { enabled: boolean; allow_redirects: string } | null;
  shipping: Shipping | null;
  receiptEmail: string | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
}

export function buildPaymentIntent(input: PaymentIntentInput): PaymentIntent {
  const id = newId('pi');
  // Without a list of payment method types, recent API versions turn on automatic (dynamic) payment methods.
  const automatic = input.automaticPaymentMethods ?? (input.paymentMethodTypes === null ? { allow_redirects: 'always', enabled: true } : null);
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: input.allowedPaymentMethodTypes,
    amount: input.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: automatic,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${randomToken(25)}`,
    confirmation_method: 'automatic',
    created: nowSeconds(),
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: input.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: automatic?.enabled ? { id: 'pmc_emulator_default', parent: null } : null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: input.paymentMethodTypes ?? ['card'],
    payment_record: null,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: null,
    shipping: input.shipping,
    source: null,
    statement_descriptor: input.statementDescriptor,
    statement_descriptor_suffix: input.statementDescriptorSuffix,
    status: 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
}

export function buildPaymentMethod(id: string, card: TestCard) {
  return {
    id,
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: card.country,
      display_brand: card.brand,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 3,
      fingerprint: `emu${card.last4}${card.brand}`,
      funding: 'credit',
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowSeconds(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
}

function emptyAddress(): Address {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

export interface Address {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
}

/** Shipping as Stripe returns it: every address field present, the unset ones null. */
export interface Shipping {
  address: Address;
  carrier: string | null;
  name: string;
  phone: string | null;
  tracking_number: string | null;
}

export function buildShipping(name: string, address: Partial<Address>, extra: Partial<Omit<Shipping, 'address' | 'name'>>): Shipping {
  return { address: { ...emptyAddress(), ...address }, carrier: extra.carrier ?? null, name, phone: extra.phone ?? null, tracking_number: extra.tracking_number ?? null };
}

export interface ChargeInput {
  intent: PaymentIntent;
  paymentMethodId: string;
  card: TestCard;
  balanceTransactionId: string | null;
}

export function buildCharge(input: ChargeInput): Charge {
  const { intent, card } = input;
  const id = newId('ch');
  const succeeded = !card.declineCode;
  return {
    id,
    object: 'charge',
    amount: intent.amount,
    amount_captured: succeeded ? intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: input.balanceTransactionId,
    billing_details: { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'KIZUNA',
    captured: succeeded,
    created: nowSeconds(),
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: succeeded ? null : 'card_declined',
    failure_message: card.declineCode ? DECLINE_MESSAGES[card.declineCode] : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...intent.metadata },
    on_behalf_of: null,
    outcome: chargeOutcome(card),
    paid: succeeded,
    payment_intent: intent.id,
    payment_method: input.paymentMethodId,
    payment_method_details: cardDetails(card, intent.amount),
    receipt_email: intent.receipt_email,
    receipt_number: null,
    receipt_url: succeeded ? `https://pay.stripe.com/receipts/payment/emulator_${id}` : null,
    refunded: false,
    review: null,
    shipping: intent.shipping,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
}

function chargeOutcome(card: TestCard) {
  const declined = Boolean(card.declineCode);
  return {
    advice_code: declined ? 'try_again_later' : null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: declined ? 'declined_by_network' : 'approved_by_network',
    reason: card.declineCode ?? null,
    risk_level: 'normal',
    risk_score: 20,
    seller_message: declined ? 'The bank did not return any further details with this decline.' : 'Payment complete.',
    type: declined ? 'issuer_declined' : 'authorized',
  };
}

function cardDetails(card: TestCard, amount: number) {
  return {
    card: {
      amount_authorized: card.declineCode ? null : amount,
      authorization_code: card.declineCode ? null : '123456',
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: card.country,
      electronic_commerce_indicator: null,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 3,
      extended_authorization: { status: 'disabled' },
      fingerprint: `emu${card.last4}${card.brand}`,
      funding: 'credit',
      incremental_authorization: { status: 'unavailable' },
      installments: null,
      last4: card.last4,
      mandate: null,
      multicapture: { status: 'unavailable' },
      network: card.brand,
      network_token: { used: false },
      network_transaction_id: card.declineCode ? null : randomToken(15),
      overcapture: { maximum_amount_capturable: amount, status: 'unavailable' },
      regulated_status: 'unregulated',
      three_d_secure: null,
      transaction_link_id: null,
      wallet: null,
    },
    type: 'card',
  };
}

export function buildRefund(charge: Charge, amount: number, reason: string | null, metadata: Metadata): Refund {
  return {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    customer: charge.customer as string | null,
    customer_account: null,
    destination_details: { card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata,
    payment_intent: charge.payment_intent,
    payment_method: charge.payment_method,
    reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}
