import type { LedgerEntry } from './ledger.service.js';

/** Where a money event belongs: the donation and campaign it moves money for. */
export interface DonationRef {
  donationId: string;
  campaignId: string;
  currency: string;
}

/** A succeeded charge: Stripe now holds the money given to the campaign. */
export function chargeEntry(ref: DonationRef, chargeId: string, amount: number, occurredAt: Date): LedgerEntry {
  return {
    kind: 'charge',
    stripeObjectId: chargeId,
    ...ref,
    occurredAt,
    postings: [
      { account: 'stripe_balance', amount },
      { account: 'campaign_gross', amount: -amount },
    ],
  };
}

/** Stripe's fee on a balance transaction (negative when Stripe gives a fee back). */
export function feeEntry(ref: DonationRef, balanceTransactionId: string, fee: number, occurredAt: Date): LedgerEntry {
  return {
    kind: 'fee',
    stripeObjectId: balanceTransactionId,
    ...ref,
    occurredAt,
    postings: [
      { account: 'stripe_fees', amount: fee },
      { account: 'stripe_balance', amount: -fee },
    ],
  };
}

export function refundEntry(ref: DonationRef, refundId: string, amount: number, occurredAt: Date): LedgerEntry {
  return {
    kind: 'refund',
    stripeObjectId: refundId,
    ...ref,
    occurredAt,
    postings: [
      { account: 'campaign_refunds', amount },
      { account: 'stripe_balance', amount: -amount },
    ],
  };
}

/** A refund that failed after it was posted: the money comes back. */
export function refundFailureEntry(ref: DonationRef, refundId: string, amount: number, occurredAt: Date): LedgerEntry {
  return {
    kind: 'refund_failure',
    stripeObjectId: refundId,
    ...ref,
    occurredAt,
    postings: [
      { account: 'stripe_balance', amount },
      { account: 'campaign_refunds', amount: -amount },
    ],
  };
}

/**
 * One balance movement of a dispute, keyed by its balance transaction: funds withdrawn (negative amount)
 * or reinstated when the dispute is won (positive amount).
 */
export function disputeEntry(ref: DonationRef, balanceTransactionId: string, amount: number, occurredAt: Date): LedgerEntry {
  return {
    kind: 'dispute',
    stripeObjectId: balanceTransactionId,
    ...ref,
    occurredAt,
    postings: [
      { account: 'stripe_balance', amount },
      { account: 'campaign_disputes', amount: -amount },
    ],
  };
}

/** A payout: Stripe moves money from our balance to the organisation's bank account. */
export function payoutEntry(payoutId: string, currency: string, amount: number, occurredAt: Date): LedgerEntry {
  return {
    kind: 'payout',
    stripeObjectId: payoutId,
    donationId: null,
    campaignId: null,
    currency,
    occurredAt,
    postings: [
      { account: 'bank', amount },
      { account: 'stripe_balance', amount: -amount },
    ],
  };
}

/** A payout that failed after it was posted: the money is back in the Stripe balance. */
export function payoutFailureEntry(payoutId: string, currency: string, amount: number, occurredAt: Date): LedgerEntry {
  return {
    kind: 'payout_failure',
    stripeObjectId: payoutId,
    donationId: null,
    campaignId: null,
    currency,
    occurredAt,
    postings: [
      { account: 'stripe_balance', amount },
      { account: 'bank', amount: -amount },
    ],
  };
}
