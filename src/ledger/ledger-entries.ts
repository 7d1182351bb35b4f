import type { Account, LedgerEntry, LedgerKind } from './ledger.service.js';

/** Where a money event belongs: the donation and campaign it moves money for. */
export interface DonationRef {
  donationId: string;
  campaignId: string;
  currency: string;
}

/** Where a money event of no donation (a payout) belongs. */
type Owner = DonationRef | { donationId: null; campaignId: null; currency: string };

/** `amount` moved from `credit` to `debit`: the two postings of every entry below. */
function movement(kind: LedgerKind, stripeObjectId: string, owner: Owner, occurredAt: Date, debit: Account, credit: Account, amount: number): LedgerEntry {
  return {
    kind,
    stripeObjectId,
    ...owner,
    occurredAt,
    postings: [
      { account: debit, amount },
      { account: credit, amount: -amount },
    ],
  };
}

function noDonation(currency: string): Owner {
  return { donationId: null, campaignId: null, currency };
}

/** A succeeded charge: Stripe now holds the money given to the campaign. */
export function chargeEntry(ref: DonationRef, chargeId: string, amount: number, occurredAt: Date): LedgerEntry {
  return movement('charge', chargeId, ref, occurredAt, 'stripe_balance', 'campaign_gross', amount);
}

/** Stripe's fee on a balance transaction (negative when Stripe gives a fee back). */
export function feeEntry(ref: DonationRef, balanceTransactionId: string, fee: number, occurredAt: Date): LedgerEntry {
  return movement('fee', balanceTransactionId, ref, occurredAt, 'stripe_fees', 'stripe_balance', fee);
}

export function refundEntry(ref: DonationRef, refundId: string, amount: number, occurredAt: Date): LedgerEntry {
  return movement('refund', refundId, ref, occurredAt, 'campaign_refunds', 'stripe_balance', amount);
}

/** A refund that failed after it was posted: the money comes back. */
export function refundFailureEntry(ref: DonationRef, refundId: string, amount: number, occurredAt: Date): LedgerEntry {
  return movement('refund_failure', refundId, ref, occurredAt, 'stripe_balance', 'campaign_refunds', amount);
}

/**
 * One balance movement of a dispute, keyed by its balance transaction: funds withdrawn (negative amount)
 * or reinstated when the dispute is won (positive amount).
 */
export function disputeEntry(ref: DonationRef, balanceTransactionId: string, amount: number, occurredAt: Date): LedgerEntry {
  return movement('dispute', balanceTransactionId, ref, occurredAt, 'stripe_balance', 'campaign_disputes', amount);
}

/** A payout: Stripe moves money from our balance to the organisation's bank account. */
export function payoutEntry(payoutId: string, currency: string, amount: number, occurredAt: Date): LedgerEntry {
  return movement('payout', payoutId, noDonation(currency), occurredAt, 'bank', 'stripe_balance', amount);
}

/** A payout that failed after it was posted: the money is back in the Stripe balance. */
export function payoutFailureEntry(payoutId: string, currency: string, amount: number, occurredAt: Date): LedgerEntry {
  return movement('payout_failure', payoutId, noDonation(currency), occurredAt, 'stripe_balance', 'bank', amount);
}
