import { DomainError } from '../common/domain-error.js';

export const DONATION_ERROR_CODES = [
  'bad_idempotency_key',
  'bad_currency',
  'bad_amount',
  'campaign_not_active',
  'wrong_currency',
  'amount_below_minimum',
  'amount_above_maximum',
  'payment_method_unavailable',
  'name_required',
  'idempotency_key_reused',
  'stripe_failed',
  'donation_not_found',
  'too_many_donations',
  'too_many_declines',
  'challenge_required',
  'challenge_invalid',
  'cash_balance_not_found',
  'nothing_to_refund',
  'nothing_to_apply',
  'cash_balance_changed',
  'cash_return_in_progress',
  'no_transfer_campaign',
  'tax_receipt_name_required',
  'tax_receipt_address_required',
  'tax_receipt_postal_code_invalid',
  'tax_receipt_country_invalid',
  'tax_receipt_too_long',
  'donor_not_found',
  'same_donor',
  'both_have_stripe_customers',
] as const;
export type DonationErrorCode = (typeof DONATION_ERROR_CODES)[number];

export class DonationError extends DomainError<DonationErrorCode> {
  /** For a refusal by a limit: the Retry-After the controller sends with it. */
  retryAfterSeconds?: number;
}
