import { newId, nowSeconds } from './ids.js';
import type { BalanceTransaction, BalanceTransactionType, Charge, Dispute, FeeDetail, Metadata, Payout } from './types.js';
import type { Currency } from '../../src/stripe/currencies.js';

/** Builders with every top-level key Stripe's objects carry (see ../shared/stripe-fixtures). */

export interface BalanceTransactionInput {
  type: BalanceTransactionType;
  reportingCategory: string;
  amount: number;
  currency: Currency;
  fee: number;
  feeDescription: string;
  description: string | null;
  source: string;
}

export function buildBalanceTransaction(input: BalanceTransactionInput): BalanceTransaction {
  const created = nowSeconds();
  const feeDetails: FeeDetail[] =
    input.fee === 0 ? [] : [{ type: 'stripe_fee', amount: input.fee, currency: input.currency, description: input.feeDescription, application: null }];
  return {
    id: newId('txn'),
    object: 'balance_transaction',
    amount: input.amount,
    // Charges are available at once, as if already settled, so that payouts can follow immediately.
    available_on: created,
    balance_type: 'payments',
    created,
    currency: input.currency,
    description: input.description,
    exchange_rate: null,
    fee: input.fee,
    fee_details: feeDetails,
    net: input.amount - input.fee,
    reporting_category: input.reportingCategory,
    source: input.source,
    status: 'available',
    type: input.type,
  };
}

export interface PayoutInput {
  amount: number;
  currency: Currency;
  description: string | null;
  statementDescriptor: string | null;
  metadata: Metadata;
  balanceTransactionId: string;
}

/** The one bank account every emulated payout goes to. */
const EMULATOR_BANK_ACCOUNT = 'ba_emulator0000000000000000';

export function buildPayout(id: string, input: PayoutInput): Payout {
  const created = nowSeconds();
  return {
    id,
    object: 'payout',
    amount: input.amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: created,
    // The emulator has no payout schedule: payouts made through the API stand in for automatic ones,
    // which are the ones Stripe itemises (`balance_transactions?payout=`) and reconciles.
    automatic: true,
    balance_transaction: input.balanceTransactionId,
    created,
    currency: input.currency,
    description: input.description,
    destination: EMULATOR_BANK_ACCOUNT,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: input.metadata,
    method: 'standard',
    original_payout: null,
    payout_method: null,
    reconciliation_status: 'in_progress',
    reversed_by: null,
    source_type: 'card',
    statement_descriptor: input.statementDescriptor,
    status: 'pending',
    trace_id: { status: 'pending', value: null },
    type: 'bank_account',
  };
}

const EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
] as const;

export function isEvidenceField(name: string): boolean {
  return (EVIDENCE_FIELDS as readonly string[]).includes(name);
}

const SEVEN_DAYS = 7 * 24 * 3600;

export function buildDispute(charge: Charge, caseType: 'chargeback' | 'inquiry'): Dispute {
  const created = nowSeconds();
  const evidence: Record<string, unknown> = Object.fromEntries(EVIDENCE_FIELDS.map((field) => [field, null]));
  evidence.enhanced_evidence = {};
  return {
    id: newId('du'),
    object: 'dispute',
    amount: charge.amount,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence,
    evidence_details: { due_by: created + SEVEN_DAYS, enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: caseType === 'inquiry',
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    payment_method_details: { card: { brand: 'visa', case_type: caseType, network: 'visa', network_reason_code: '10.4' }, type: 'card' },
    reason: 'fraudulent',
    status: caseType === 'inquiry' ? 'warning_needs_response' : 'needs_response',
  };
}
