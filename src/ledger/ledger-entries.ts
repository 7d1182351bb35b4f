import type { Account, LedgerEntry, LedgerKind, Posting } from './ledger.service.js';

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

/**
 * Where a gift's money sits at Stripe in its own currency: in the settlement currency it is the Stripe balance itself;
 * in another it waits as unsettled until its balance transaction says what Stripe converted it to (settlementEntry).
 * Without a settlement currency, the gift's currency is taken to be it.
 */
function heldAt(ref: DonationRef, settlementCurrency: string | undefined): Account {
  return ref.currency === (settlementCurrency ?? ref.currency) ? 'stripe_balance' : 'stripe_unsettled';
}

/** A succeeded charge: Stripe now holds the money given to the campaign. */
export function chargeEntry(ref: DonationRef, chargeId: string, amount: number, occurredAt: Date, settlementCurrency?: string): LedgerEntry {
  return movement('charge', chargeId, ref, occurredAt, heldAt(ref, settlementCurrency), 'campaign_gross', amount);
}

/**
 * Stripe's fee on a balance transaction (negative when Stripe gives a fee back), in the balance transaction's
 * currency. The campaign's totals count it only when it is in the campaign's currency.
 */
export function feeEntry(ref: DonationRef, balanceTransactionId: string, fee: number, occurredAt: Date, campaignCurrency?: string): LedgerEntry {
  return { ...movement('fee', balanceTransactionId, ref, occurredAt, 'stripe_fees', 'stripe_balance', fee), campaignCurrency: campaignCurrency ?? ref.currency };
}

export function refundEntry(ref: DonationRef, refundId: string, amount: number, occurredAt: Date, settlementCurrency?: string): LedgerEntry {
  return movement('refund', refundId, ref, occurredAt, 'campaign_refunds', heldAt(ref, settlementCurrency), amount);
}

/** A refund that failed after it was posted: the money comes back. */
export function refundFailureEntry(ref: DonationRef, refundId: string, amount: number, occurredAt: Date, settlementCurrency?: string): LedgerEntry {
  return movement('refund_failure', refundId, ref, occurredAt, heldAt(ref, settlementCurrency), 'campaign_refunds', amount);
}

/**
 * One balance movement of a dispute, keyed by its balance transaction: funds withdrawn (negative amount)
 * or reinstated when the dispute is won (positive amount), in the gift's currency.
 */
export function disputeEntry(ref: DonationRef, balanceTransactionId: string, amount: number, occurredAt: Date, settlementCurrency?: string): LedgerEntry {
  return movement('dispute', balanceTransactionId, ref, occurredAt, heldAt(ref, settlementCurrency), 'campaign_disputes', amount);
}

/** What a balance transaction of a gift in another currency moved, on both sides of Stripe's conversion. */
export interface Conversion {
  /** Signed, in the gift's currency (ref.currency): +2500 usd for a charge, −1000 usd for a refund. */
  presentmentAmount: number;
  /** Signed, the balance transaction's amount in its currency. */
  settledAmount: number;
  settlementCurrency: string;
  /** Stripe's rate (null when nothing was converted). */
  exchangeRate: number | null;
  /** The same presentment amount at the gift's own rate, in the settlement currency (the charge: settledAmount itself). */
  atGiftRate: number;
}

/**
 * The settlement side of a balance transaction whose gift was posted in its own currency: the unsettled money
 * leaves that currency through fx_conversion and arrives in the Stripe balance in the settlement currency. A refund
 * or dispute at another day's rate than the gift's leaves the difference on fx_gain_loss, so fx_conversion carries
 * every gift at its own rate and each currency balances on its own.
 */
export function settlementEntry(ref: DonationRef, balanceTransactionId: string, conversion: Conversion, occurredAt: Date): LedgerEntry {
  const { presentmentAmount, settledAmount, settlementCurrency, atGiftRate } = conversion;
  const entry = { kind: 'settlement' as const, stripeObjectId: balanceTransactionId, ...ref, currency: settlementCurrency, occurredAt, exchangeRate: conversion.exchangeRate };
  if (settlementCurrency === ref.currency) {
    // Stripe kept it in the gift's currency: it only becomes part of the balance.
    return { ...entry, postings: [posting('stripe_unsettled', -presentmentAmount, ref.currency), posting('stripe_balance', settledAmount, settlementCurrency)] };
  }
  const postings = [
    posting('stripe_unsettled', -presentmentAmount, ref.currency),
    posting('fx_conversion', presentmentAmount, ref.currency),
    posting('fx_conversion', -atGiftRate, settlementCurrency),
    posting('stripe_balance', settledAmount, settlementCurrency),
  ];
  if (atGiftRate !== settledAmount) postings.push(posting('fx_gain_loss', atGiftRate - settledAmount, settlementCurrency));
  return { ...entry, campaignCurrency: ref.currency, postings };
}

function posting(account: Account, amount: number, currency: string): Posting {
  return { account, amount, currency };
}

/**
 * A refund's or dispute's amount at the gift's own rate: the charge's settled amount in proportion, rounded half away
 * from zero to the settlement currency's minor unit. In bigint: the product can pass 2^53.
 */
export function atGiftRate(presentmentAmount: number, charge: { presentmentAmount: number; settledAmount: number }): number {
  const numerator = BigInt(charge.settledAmount) * BigInt(Math.abs(presentmentAmount));
  const denominator = BigInt(charge.presentmentAmount);
  const rounded = (2n * numerator + denominator) / (2n * denominator);
  return Math.sign(presentmentAmount) * Number(rounded);
}

/** A payout: Stripe moves money from our balance to the organisation's bank account. */
export function payoutEntry(payoutId: string, currency: string, amount: number, occurredAt: Date): LedgerEntry {
  return movement('payout', payoutId, noDonation(currency), occurredAt, 'bank', 'stripe_balance', amount);
}

/** A payout that failed after it was posted: the money is back in the Stripe balance. */
export function payoutFailureEntry(payoutId: string, currency: string, amount: number, occurredAt: Date): LedgerEntry {
  return movement('payout_failure', payoutId, noDonation(currency), occurredAt, 'stripe_balance', 'bank', amount);
}
