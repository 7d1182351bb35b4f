import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import { LedgerRepository } from './ledger.repository.js';

/** Accounts of the double-entry ledger. Debits are positive, credits negative. */
export type Account =
  | 'stripe_balance' // what Stripe holds for us
  | 'bank' // what Stripe has paid out to the organisation
  | 'campaign_gross' // donations received (credit)
  | 'campaign_refunds' // money given back to donors
  | 'campaign_disputes' // money taken back by card networks in disputes, net of reinstatements
  | 'stripe_fees' // Stripe's processing and dispute fees
  | 'stripe_unsettled' // money Stripe holds for us in a gift's currency, before it converts it to the settlement currency
  | 'fx_conversion' // the bridge between two currencies: what Stripe converted, on both sides
  | 'fx_gain_loss'; // in the settlement currency: a refund or dispute that cost less (gain, credit) or more (loss, debit) than at the gift's rate

export type LedgerKind = 'charge' | 'fee' | 'refund' | 'refund_failure' | 'dispute' | 'payout' | 'payout_failure' | 'settlement';

/** One posting: a signed amount on an account, in the entry's currency unless it names its own. */
export interface Posting {
  account: Account;
  amount: number;
  currency?: string;
}

export interface LedgerEntry {
  kind: LedgerKind;
  stripeObjectId: string;
  campaignId: string | null;
  donationId: string | null;
  currency: string;
  occurredAt: Date;
  postings: Posting[];
  /** Stripe's exchange rate when the entry converts between currencies (settlement = presentment × rate, in major units). */
  exchangeRate?: number | null;
  /** The campaign's currency: its totals count only what moves in it (fees in another currency are not its to count). */
  campaignCurrency?: string;
}

export interface DonationBalances {
  charged: number;
  refunded: number;
  disputed: number;
}

/** What an entry moved for its campaign, each as a positive amount in the usual direction. */
export interface CampaignMovement {
  grossAmount: number;
  feeAmount: number;
  refundedAmount: number;
  disputedAmount: number;
}

function currencyOf(entry: LedgerEntry, posting: Posting): string {
  return posting.currency ?? entry.currency;
}

function sumOf(entry: LedgerEntry, account: Account): number {
  const currency = entry.campaignCurrency ?? entry.currency;
  return entry.postings.filter((p) => p.account === account && currencyOf(entry, p) === currency).reduce((sum, p) => sum + p.amount, 0);
}

export function campaignMovement(entry: LedgerEntry): CampaignMovement {
  return {
    grossAmount: -sumOf(entry, 'campaign_gross'),
    feeAmount: sumOf(entry, 'stripe_fees'),
    refundedAmount: sumOf(entry, 'campaign_refunds'),
    disputedAmount: sumOf(entry, 'campaign_disputes'),
  };
}

function balancesPerCurrency(entry: LedgerEntry): boolean {
  const sums = new Map<string, number>();
  for (const posting of entry.postings) sums.set(currencyOf(entry, posting), (sums.get(currencyOf(entry, posting)) ?? 0) + posting.amount);
  return [...sums.values()].every((sum) => sum === 0);
}

@Injectable()
export class LedgerService {
  constructor(private readonly repository: LedgerRepository) {}

  /** Posts one ledger transaction unless its (kind, Stripe object) is already there; returns whether it did. */
  async post(tx: EntityManager, entry: LedgerEntry): Promise<boolean> {
    const [posted] = await this.postAll(tx, [entry]);
    return posted;
  }

  /**
   * Posts each entry unless its (kind, Stripe object) is already there, all in one statement; returns, per entry,
   * whether it was posted. An entry repeated in the list is posted once, for its first occurrence.
   */
  async postAll(tx: EntityManager, entries: LedgerEntry[]): Promise<boolean[]> {
    for (const entry of entries) {
      if (!balancesPerCurrency(entry)) throw new Error(`ledger ${entry.kind} ${entry.stripeObjectId} does not balance`);
    }
    const keyOf = (entry: LedgerEntry) => `${entry.kind}:${entry.stripeObjectId}`;
    const firsts = new Map<string, LedgerEntry>();
    for (const entry of entries) if (!firsts.has(keyOf(entry))) firsts.set(keyOf(entry), entry);
    const inserted = firsts.size ? await this.repository.insertEntries(tx, [...firsts.values()]) : new Set<string>();
    return entries.map((entry) => firsts.get(keyOf(entry)) === entry && inserted.has(keyOf(entry)));
  }

  /** Inside the caller's transaction when given one. */
  async balancesOfDonation(donationId: string, tx?: EntityManager): Promise<DonationBalances> {
    return (await this.balancesOfDonations([donationId], tx)).get(donationId)!;
  }

  /** Each donation's balances, in one query. */
  async balancesOfDonations(donationIds: string[], tx?: EntityManager): Promise<Map<string, DonationBalances>> {
    const rows = await this.repository.accountSums(donationIds, ['campaign_gross', 'campaign_refunds', 'campaign_disputes'], tx);
    const sums = new Map(rows.map((row) => [`${row.donation_id}:${row.account}`, toMinorUnits(row.total)]));
    const total = (id: string, account: Account) => sums.get(`${id}:${account}`) ?? 0;
    return new Map(
      donationIds.map((id) => [id, { charged: 0 - total(id, 'campaign_gross') || 0, refunded: total(id, 'campaign_refunds'), disputed: total(id, 'campaign_disputes') }]),
    );
  }
}
