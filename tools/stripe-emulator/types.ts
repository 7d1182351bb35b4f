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

type PaymentIntentStatus = 'requires_payment_method' | 'requires_confirmation' | 'succeeded' | 'canceled';

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

type RefundStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

export interface Refund extends StripeObject {
  object: 'refund';
  amount: number;
  currency: Currency;
  charge: string;
  payment_intent: string;
  status: RefundStatus;
  balance_transaction: string | null;
  metadata: Metadata;
}

export type BalanceTransactionType = 'charge' | 'refund' | 'refund_failure' | 'adjustment' | 'payout';

export interface FeeDetail {
  type: 'stripe_fee';
  amount: number;
  currency: Currency;
  description: string;
  application: null;
}

export interface BalanceTransaction extends StripeObject {
  object: 'balance_transaction';
  amount: number;
  currency: Currency;
  fee: number;
  fee_details: FeeDetail[];
  net: number;
  type: BalanceTransactionType;
  reporting_category: string;
  source: string;
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

export interface Payout extends StripeObject {
  object: 'payout';
  amount: number;
  currency: Currency;
  status: 'pending' | 'in_transit' | 'paid';
  balance_transaction: string;
  reconciliation_status: 'not_applicable' | 'in_progress' | 'completed';
  metadata: Metadata;
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
