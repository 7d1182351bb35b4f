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
  'bad_tax_receipt',
] as const;
export type DonationErrorCode = (typeof DONATION_ERROR_CODES)[number];

export class DonationError extends DomainError<DonationErrorCode> {
  /** For a refusal by a limit: the Retry-After the controller sends with it. */
  retryAfterSeconds?: number;
}
