import { PINNED_API_VERSION } from './versions.js';
import type { Shipping } from './objects-payments.js';
import type { Currency } from '../../src/stripe/currencies.js';

/**
 * The fields of Stripe objects that the emulator reads or changes. Builders add the rest of
 * Stripe's keys (see objects-*.ts), hence the index signature.
 */
export type Metadata = Record<string, string>;

export interface StripeObject {
  id: string;
  object: string;
  created: number;
  [key: string]: unknown;
}

type PaymentIntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'succeeded' | 'canceled';

export interface PaymentIntent extends StripeObject {
  object: 'payment_intent';
  amount: number;
  currency: Currency;
  status: PaymentIntentStatus;
  metadata: Metadata;
  description: string | null;
  customer: string | null;
  payment_method: string | null;
  latest_charge: string | null;
  amount_received: number;
  shipping: Shipping | null;
  receipt_email: string | null;
  allowed_payment_method_types: string[] | null;
  payment_method_types: string[];
}

export interface Charge extends StripeObject {
  object: 'charge';
  amount: number;
  currency: Currency;
  status: 'succeeded' | 'failed';
  payment_intent: string;
  payment_method: string;
  balance_transaction: string | null;
  amount_refunded: number;
  refunded: boolean;
  disputed: boolean;
  description: string | null;
  metadata: Metadata;
}

type RefundStatus = 'requires_action' | 'pending' | 'succeeded' | 'failed' | 'canceled';

/** A refund of a charge names it and its PaymentIntent; a refund of a customer's cash balance has neither. */
export interface Refund extends StripeObject {
  object: 'refund';
  amount: number;
  currency: Currency;
  charge: string | null;
  payment_intent: string | null;
  customer: string | null;
  status: RefundStatus;
  balance_transaction: string | null;
  metadata: Metadata;
}

/** What a konbini voucher showed when it was issued, for the emulator's hosted voucher page (voucher-page.ts). */
export interface KonbiniVoucher {
  paymentIntent: string;
  /** The voucher's own payment attempt: a later one on the same PaymentIntent has another voucher. */
  paymentMethod: string;
  amount: number;
  expiresAt: number;
  stores: Record<'familymart' | 'lawson' | 'ministop', { confirmation_number: string; payment_code: string }> & { seicomart: { payment_code: string } };
}

export type BalanceTransactionType = 'charge' | 'refund' | 'refund_failure' | 'adjustment' | 'payout' | 'payout_failure';

export interface FeeDetail {
  type: 'stripe_fee';
  amount: number;
  currency: Currency;
  description: string | null;
  application: string | null;
}

/** Every field the SDK's BalanceTransaction type requires; amounts are in the account's settlement currency. */
export interface BalanceTransaction extends StripeObject {
  object: 'balance_transaction';
  amount: number;
  available_on: number;
  balance_type: 'payments';
  currency: Currency;
  description: string | null;
  /** Major units of the settlement currency per major unit of the charge's currency, when converted. */
  exchange_rate: number | null;
  fee: number;
  fee_details: FeeDetail[];
  net: number;
  reporting_category: string;
  source: string | null;
  status: 'pending' | 'available';
  type: BalanceTransactionType;
}

export type DisputeStatus = 'warning_needs_response' | 'warning_under_review' | 'warning_closed' | 'needs_response' | 'under_review' | 'won' | 'lost';

/** How evidence reached the issuer: not yet, or by hand (the emulator has no Smart Disputes). */
type DisputeSubmissionMethod = 'not_submitted' | 'manual';

export interface Dispute extends StripeObject {
  object: 'dispute';
  amount: number;
  currency: Currency;
  charge: string;
  payment_intent: string;
  status: DisputeStatus;
  balance_transactions: BalanceTransaction[];
  evidence: Record<string, unknown>;
  evidence_details: {
    due_by: number;
    has_evidence: boolean;
    past_due: boolean;
    submission_count: number;
    enhanced_eligibility: object;
    submission_method?: DisputeSubmissionMethod;
  };
  is_charge_refundable: boolean;
  metadata: Metadata;
}

type PayoutStatus = 'pending' | 'in_transit' | 'paid' | 'failed' | 'canceled';

/** Every field the SDK's Payout type requires. */
export interface Payout extends StripeObject {
  object: 'payout';
  amount: number;
  application_fee: string | null;
  application_fee_amount: number | null;
  arrival_date: number;
  /** True for the payouts the schedule makes; payouts made through the API are manual. */
  automatic: boolean;
  balance_transaction: string;
  currency: Currency;
  description: string | null;
  destination: string | null;
  failure_balance_transaction: string | null;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Metadata;
  method: string;
  original_payout: string | null;
  payout_method: string | null;
  reconciliation_status: 'not_applicable' | 'in_progress' | 'completed';
  reversed_by: string | null;
  source_type: string;
  statement_descriptor: string | null;
  status: PayoutStatus;
  trace_id: { status: string; value: string | null } | null;
  type: 'bank_account' | 'card';
}

interface BalanceAmount {
  amount: number;
  currency: Currency;
  source_types?: { card: number };
}

/** Every field the SDK's Balance type requires, plus `connect_reserved` as Stripe sends it. */
export interface Balance {
  object: 'balance';
  available: BalanceAmount[];
  connect_reserved: BalanceAmount[];
  livemode: false;
  pending: BalanceAmount[];
}

export interface StripeEvent extends StripeObject {
  object: 'event';
  type: string;
  data: { object: object; previous_attributes?: Record<string, unknown> };
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
}

/** Who caused a change: the API request (its id, idempotency key and API version), or nobody for Stripe's own later steps. */
export interface RequestOrigin {
  id: string | null;
  idempotencyKey: string | null;
  apiVersion: string;
}

export const NO_REQUEST: RequestOrigin = { id: null, idempotencyKey: null, apiVersion: PINNED_API_VERSION };
