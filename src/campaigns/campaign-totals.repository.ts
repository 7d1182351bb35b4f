import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';

// Concurrent webhooks for one campaign spread their counter updates over this many rows.
const TOTAL_SLOTS = 16;

/**
 * The slot of a donation: fixed per donation, so a transaction touches one slot row whatever it posts
 * (two rows locked in different orders by two transactions would deadlock), and different donations spread out.
 */
export function slotOf(key: string): number {
  return createHash('md5').update(key).digest().readUInt32BE(0) % TOTAL_SLOTS;
}

/** One counter delta per column of campaign_total_slots. */
export interface SlotDelta {
  grossAmount: number;
  feeAmount: number;
  refundedAmount: number;
  disputedAmount: number;
  coveredFeeAmount: number;
  donationCount: number;
  donorCount: number;
}

export interface SlotSums {
  campaign_id: string;
  gross: string;
  fee: string;
  refunded: string;
  disputed: string;
  covered_fee: string;
  donations: string;
  donors: string;
}

/** campaign_total_slots and campaign_donors: the totals projection's own tables. */
@Injectable()
export class CampaignTotalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records that a donor gave to a campaign; true the first time. */
  async addDonor(tx: EntityManager, campaignId: string, donorId: string): Promise<boolean> {
    const inserted = await tx.query(`INSERT INTO campaign_donors (campaign_id, donor_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING donor_id`, [campaignId, donorId]);
    return inserted.length > 0;
  }

  async bumpSlot(tx: EntityManager, campaignId: string, slotKey: string, delta: SlotDelta): Promise<void> {
    await tx.query(
      `INSERT INTO campaign_total_slots AS s (campaign_id, slot, gross_amount, fee_amount, refunded_amount, disputed_amount, covered_fee_amount, donation_count, donor_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (campaign_id, slot) DO UPDATE SET
         gross_amount = s.gross_amount + EXCLUDED.gross_amount, fee_amount = s.fee_amount + EXCLUDED.fee_amount,
         refunded_amount = s.refunded_amount + EXCLUDED.refunded_amount, disputed_amount = s.disputed_amount + EXCLUDED.disputed_amount,
         covered_fee_amount = s.covered_fee_amount + EXCLUDED.covered_fee_amount,
         donation_count = s.donation_count + EXCLUDED.donation_count, donor_count = s.donor_count + EXCLUDED.donor_count`,
      [campaignId, slotOf(slotKey), delta.grossAmount, delta.feeAmount, delta.refundedAmount, delta.disputedAmount, delta.coveredFeeAmount, delta.donationCount, delta.donorCount],
    );
  }

  sums(campaignIds: string[]): Promise<SlotSums[]> {
    return this.dataSource.query(
      `SELECT campaign_id, sum(gross_amount) AS gross, sum(fee_amount) AS fee, sum(refunded_amount) AS refunded,
              sum(disputed_amount) AS disputed, sum(covered_fee_amount) AS covered_fee,
              sum(donation_count) AS donations, sum(donor_count) AS donors
         FROM campaign_total_slots WHERE campaign_id = ANY($1::uuid[]) GROUP BY campaign_id`,
      [campaignIds],
    );
  }
}
