import type { DonationBalances } from '../ledger/ledger.service.js';
import type { DonationStatus } from './donation.entity.js';

/** The statuses of a gift the campaign still holds: shown on its page, and its donor hears its updates. */
export const GIVING_STATUSES: DonationStatus[] = ['succeeded', 'partially_refunded'];

const UNCHARGED_STATUSES: DonationStatus[] = ['failed', 'awaiting_payment', 'expired'];

/**
 * A donation's status follows from what the ledger holds for it, so any order of Stripe events
 * ends in the same status. Only the statuses of a donation with no charge come from outside the ledger: `failed`
 * (a declined attempt), `awaiting_payment` (a pledge) and `expired` (a voucher not paid in time).
 */
export function deriveStatus(balances: DonationBalances, current: DonationStatus): DonationStatus {
  if (balances.charged === 0) return UNCHARGED_STATUSES.includes(current) ? current : 'pending';
  if (balances.disputed > 0) return 'disputed';
  if (balances.refunded >= balances.charged) return 'refunded';
  if (balances.refunded > 0) return 'partially_refunded';
  return 'succeeded';
}
