import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { toMinorUnits } from '../database/money.js';

/** Accounts of the double-entry ledger. Debits are positive, credits negative. */
export type Account =
  | 'stripe_balance' // what Stripe holds for us
  | 'bank' // what Stripe has paid out to the organisation
  | 'campaign_gross' // donations received (credit)
  | 'campaign_refunds' // money given back to donors
  | 'campaign_disputes' // money taken back by card networks in disputes, net of reinstatements
  | 'stripe_fees'; // Stripe's processing and dispute fees

export type LedgerKind = 'charge' | 'fee' | 'refund' | 'refund_failure' | 'dispute' | 'payout' | 'payout_failure';

export interface LedgerEntry {
  kind: LedgerKind;
  stripeObjectId: string;
  campaignId: string | null;
  donationId: string | null;
  currency: string;
  occurredAt: Date;
  postings: { account: Account; amount: number }[];
  /** For charges: the part of the amount that the donor added to cover the fee. */
  coveredFeeAmount?: number;
  /** For charges: the donor, counted once per campaign. */
  donorId?: string;
}

export interface DonationBalances {
  charged: number;
  refunded: number;
  disputed: number;
}

// Concurrent webhooks for one campaign spread their counter updates over this many rows.
const TOTAL_SLOTS = 16;

/**
 * The slot of a donation: fixed per donation, so a transaction touches one slot row whatever it posts
 * (two rows locked in different orders by two transactions would deadlock), and different donations spread out.
 */
export function slotOf(key: string): number {
  return createHash('md5').update(key).digest().readUInt32BE(0) % TOTAL_SLOTS;
}

function sumOf(entry: LedgerEntry, account: Account): number {
  return entry.postings.filter((p) => p.account === account).reduce((sum, p) => sum + p.amount, 0);
}

@Injectable()
export class LedgerService {
  /**
   * Posts one ledger transaction unless its (kind, Stripe object) is already there; returns whether it did.
   * Campaign totals move in the same database transaction, so they always equal what the ledger holds.
   */
  async post(tx: EntityManager, entry: LedgerEntry): Promise<boolean> {
    if (entry.postings.reduce((sum, p) => sum + p.amount, 0) !== 0) {
      throw new Error(`ledger ${entry.kind} ${entry.stripeObjectId} does not balance`);
    }
    const inserted: { id: string }[] = await tx.query(
      `INSERT INTO ledger_transactions (kind, stripe_object_id, campaign_id, donation_id, currency, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kind, stripe_object_id) DO NOTHING RETURNING id`,
      [entry.kind, entry.stripeObjectId, entry.campaignId, entry.donationId, entry.currency, entry.occurredAt],
    );
    if (!inserted.length) return false;
    await tx.query(
      `INSERT INTO ledger_postings (transaction_id, account, amount, currency)
       SELECT $1, account, amount, $4 FROM unnest($2::text[], $3::bigint[]) AS p(account, amount)`,
      [inserted[0].id, entry.postings.map((p) => p.account), entry.postings.map((p) => p.amount), entry.currency],
    );
    if (entry.campaignId) await this.addToTotals(tx, entry.campaignId, entry, await this.isNewDonor(tx, entry.campaignId, entry.donorId));
    return true;
  }

  private async isNewDonor(tx: EntityManager, campaignId: string, donorId: string | undefined): Promise<boolean> {
    if (!donorId) return false;
    const inserted = await tx.query(
      `INSERT INTO campaign_donors (campaign_id, donor_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING donor_id`,
      [campaignId, donorId],
    );
    return inserted.length > 0;
  }

  async balancesOfDonation(tx: EntityManager, donationId: string): Promise<DonationBalances> {
    const rows: { account: Account; total: string }[] = await tx.query(
      `SELECT p.account, sum(p.amount) AS total FROM ledger_transactions t JOIN ledger_postings p ON p.transaction_id = t.id
        WHERE t.donation_id = $1 AND p.account IN ('campaign_gross', 'campaign_refunds', 'campaign_disputes') GROUP BY p.account`,
      [donationId],
    );
    const total = (account: Account) => toMinorUnits(rows.find((r) => r.account === account)?.total ?? 0);
    return { charged: -total('campaign_gross'), refunded: total('campaign_refunds'), disputed: total('campaign_disputes') };
  }

  /** One counter update per posting (a new donor is counted in the same one), in the slot of the donation. */
  private addToTotals(tx: EntityManager, campaignId: string, entry: LedgerEntry, newDonor: boolean): Promise<void> {
    return this.bumpSlot(tx, campaignId, entry.donationId ?? entry.stripeObjectId, [
      -sumOf(entry, 'campaign_gross'),
      sumOf(entry, 'stripe_fees'),
      sumOf(entry, 'campaign_refunds'),
      sumOf(entry, 'campaign_disputes'),
      entry.coveredFeeAmount ?? 0,
      entry.kind === 'charge' ? 1 : 0,
      newDonor ? 1 : 0,
    ]);
  }

  private async bumpSlot(tx: EntityManager, campaignId: string, slotKey: string, delta: number[]): Promise<void> {
    await tx.query(
      `INSERT INTO campaign_total_slots AS s (campaign_id, slot, gross_amount, fee_amount, refunded_amount, disputed_amount, covered_fee_amount, donation_count, donor_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (campaign_id, slot) DO UPDATE SET
         gross_amount = s.gross_amount + EXCLUDED.gross_amount, fee_amount = s.fee_amount + EXCLUDED.fee_amount,
         refunded_amount = s.refunded_amount + EXCLUDED.refunded_amount, disputed_amount = s.disputed_amount + EXCLUDED.disputed_amount,
         covered_fee_amount = s.covered_fee_amount + EXCLUDED.covered_fee_amount,
         donation_count = s.donation_count + EXCLUDED.donation_count, donor_count = s.donor_count + EXCLUDED.donor_count`,
      [campaignId, slotOf(slotKey), ...delta],
    );
  }
}
