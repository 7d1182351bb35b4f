import { newId, nowSeconds } from './ids.js';
import type { BalanceTransaction, BalanceTransactionType, Charge, Dispute, FeeDetail, Metadata, Payout } from './types.js';
import type { Currency } from '../../src/stripe/currencies.js';

/** Builders with every top-level key Stripe's objects carry (see ../shared/stripe-fixtures). */

export interface BalanceTransactionInput {
  type: BalanceTransactionType;
  reportingCategory: string;
  /** In the settlement currency. */
  amount: number;
  currency: Currency;
  exchangeRate: number | null;
  feeDetails: FeeDetail[];
  description: string | null;
  source: string;
  /** When the funds become available; now or earlier means available at once. */
  availableOn: number;
}

export function buildBalanceTransaction(input: BalanceTransactionInput): BalanceTransaction {
  const created = nowSeconds();
  const fee = input.feeDetails.reduce((sum, detail) => sum + detail.amount, 0);
  return {
    id: newId('txn'),
    object: 'balance_transaction',
    amount: input.amount,
    available_on: input.availableOn,
    balance_type: 'payments',
    created,
    currency: input.currency,
    description: input.description,
    exchange_rate: input.exchangeRate,
    fee,
    fee_details: input.feeDetails.filter((detail) => detail.amount !== 0),
    net: input.amount - fee,
    reporting_category: input.reportingCategory,
    source: input.source,
    status: input.availableOn <= created ? 'available' : 'pending',
    type: input.type,
  };
}

export interface PayoutInput {
  amount: number;
  currency: Currency;
  automatic: boolean;
  arrivalDate: number;
  description: string | null;
  statementDescriptor: string | null;
  metadata: Metadata;
  balanceTransactionId: string;
}

/** The one bank account every emulated payout goes to. */
const EMULATOR_BANK_ACCOUNT = 'ba_emulator0000000000000000';

export function buildPayout(id: string, input: PayoutInput): Payout {
  return {
    id,
    object: 'payout',
    amount: input.amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: input.arrivalDate,
    automatic: input.automatic,
    balance_transaction: input.balanceTransactionId,
    created: nowSeconds(),
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
    // Stripe itemises (reconciles) only automatic payouts; it cannot tell what a manual one paid out.
    reconciliation_status: input.automatic ? 'in_progress' : 'not_applicable',
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
