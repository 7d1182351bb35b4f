import type { DonationBalances } from '../ledger/ledger.service.js';
import type { DonationStatus } from './donation.entity.js';

/** The statuses of a gift the campaign still holds: shown on its page, and its donor hears its updates. */
export const GIVING_STATUSES: DonationStatus[] = ['succeeded', 'partially_refunded'];

/**
 * A donation's status follows from what the ledger holds for it, so any order of Stripe events
 * ends in the same status. Only `failed` comes from outside the ledger: a failed attempt with no charge.
 */
export function deriveStatus(balances: DonationBalances, current: DonationStatus): DonationStatus {
  if (balances.charged === 0) return current === 'failed' ? 'failed' : 'pending';
  if (balances.disputed > 0) return 'disputed';
  if (balances.refunded >= balances.charged) return 'refunded';
  if (balances.refunded > 0) return 'partially_refunded';
  return 'succeeded';
}
