import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { updateReturning } from '../database/update-returning.js';

// Concurrent webhooks for one campaign spread their counter updates over this many rows.
const TOTAL_SLOTS = 16;

/**
 * The slot of a donation: fixed per donation, so different donations spread their counter updates over several
 * rows. A batch bumps its slots in one statement, in slot order, so two batches lock shared rows in the same order.
 */
export function slotOf(key: string): number {
  return createHash('md5').update(key).digest().readUInt32BE(0) % TOTAL_SLOTS;
}

/** What to add to one row of campaign_total_slots. */
export interface SlotDelta {
  campaignId: string;
  slot: number;
  grossAmount: number;
  feeAmount: number;
  refundedAmount: number;
  disputedAmount: number;
  coveredFeeAmount: number;
  donationCount: number;
  donorCount: number;
  pendingAmount: number;
  pendingCount: number;
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
  pending: string;
  pending_count: string;
}

/** campaign_total_slots and campaign_donors: the totals projection's own tables. */
@Injectable()
export class CampaignTotalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records that donors gave to campaigns; returns the pairs seen for the first time, as `campaignId:donorId`. */
  async addDonors(tx: EntityManager, pairs: { campaignId: string; donorId: string }[]): Promise<Set<string>> {
    if (!pairs.length) return new Set();
    const inserted: { campaign_id: string; donor_id: string }[] = await tx.query(
      `INSERT INTO campaign_donors (campaign_id, donor_id) SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING RETURNING campaign_id, donor_id`,
      [pairs.map((p) => p.campaignId), pairs.map((p) => p.donorId)],
    );
    return new Set(inserted.map((row) => `${row.campaign_id}:${row.donor_id}`));
  }

  /**
   * One donor record merged into another: `from`'s campaigns become `into`'s. Returns the campaigns both had given
   * to, where `from`'s row goes and the donor count must fall by one, and every campaign `from` had given to.
   */
  async mergeDonors(tx: EntityManager, from: string, into: string): Promise<{ counted: string[]; all: string[] }> {
    const removed = await updateReturning<{ campaign_id: string }>(
      tx,
      `DELETE FROM campaign_donors f USING campaign_donors i
        WHERE f.donor_id = $1 AND i.donor_id = $2 AND i.campaign_id = f.campaign_id RETURNING f.campaign_id`,
      [from, into],
    );
    const renamed = await updateReturning<{ campaign_id: string }>(tx, `UPDATE campaign_donors SET donor_id = $2 WHERE donor_id = $1 RETURNING campaign_id`, [from, into]);
    const counted = removed.map((row) => row.campaign_id);
    return { counted, all: [...counted, ...renamed.map((row) => row.campaign_id)] };
  }

  /** Adds each delta to its slot in one statement; the caller passes each (campaign, slot) once. */
  async bumpSlots(tx: EntityManager, deltas: SlotDelta[]): Promise<void> {
    if (!deltas.length) return;
    const column = <K extends keyof SlotDelta>(key: K) => deltas.map((d) => d[key]);
    await tx.query(
      `INSERT INTO campaign_total_slots AS s (campaign_id, slot, gross_amount, fee_amount, refunded_amount, disputed_amount, covered_fee_amount, donation_count, donor_count, pending_amount, pending_count)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::int[], $9::int[], $10::bigint[], $11::int[])
       ON CONFLICT (campaign_id, slot) DO UPDATE SET
         gross_amount = s.gross_amount + EXCLUDED.gross_amount, fee_amount = s.fee_amount + EXCLUDED.fee_amount,
         refunded_amount = s.refunded_amount + EXCLUDED.refunded_amount, disputed_amount = s.disputed_amount + EXCLUDED.disputed_amount,
         covered_fee_amount = s.covered_fee_amount + EXCLUDED.covered_fee_amount,
         donation_count = s.donation_count + EXCLUDED.donation_count, donor_count = s.donor_count + EXCLUDED.donor_count,
         pending_amount = s.pending_amount + EXCLUDED.pending_amount, pending_count = s.pending_count + EXCLUDED.pending_count`,
      [
        column('campaignId'),
        column('slot'),
        column('grossAmount'),
        column('feeAmount'),
        column('refundedAmount'),
        column('disputedAmount'),
        column('coveredFeeAmount'),
        column('donationCount'),
        column('donorCount'),
        column('pendingAmount'),
        column('pendingCount'),
      ],
    );
  }

  sums(campaignIds: string[]): Promise<SlotSums[]> {
    return this.dataSource.query(
      `SELECT campaign_id, sum(gross_amount) AS gross, sum(fee_amount) AS fee, sum(refunded_amount) AS refunded,
              sum(disputed_amount) AS disputed, sum(covered_fee_amount) AS covered_fee,
              sum(donation_count) AS donations, sum(donor_count) AS donors,
              sum(pending_amount) AS pending, sum(pending_count) AS pending_count
         FROM campaign_total_slots WHERE campaign_id = ANY($1::uuid[]) GROUP BY campaign_id`,
      [campaignIds],
    );
  }
}
