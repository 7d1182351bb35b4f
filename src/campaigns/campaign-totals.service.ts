import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import { CampaignTotalsRepository, type SlotDelta, type SlotSums, slotOf } from './campaign-totals.repository.js';

export interface CampaignTotals {
  grossAmount: number;
  feeAmount: number;
  refundedAmount: number;
  disputedAmount: number;
  coveredFeeAmount: number;
  netAmount: number;
  raisedAmount: number;
  donationCount: number;
  donorCount: number;
  /** Pledges not yet paid (konbini vouchers, bank transfers): never part of raisedAmount. */
  pendingAmount: number;
  pendingCount: number;
}

/** What one money event changes in a campaign's totals; absent amounts are zero. */
export interface TotalsChange {
  campaignId: string;
  /** The donation (or, without one, the Stripe object) the event is about: it picks the counter slot. */
  slotKey: string;
  grossAmount?: number;
  feeAmount?: number;
  refundedAmount?: number;
  disputedAmount?: number;
  /** The part of a gift that the donor added to cover Stripe's fee. */
  coveredFeeAmount?: number;
  /** 1 for a captured gift. */
  donationCount?: number;
  /** The donor of a captured gift, counted once per campaign. */
  donorId?: string;
  /** A pledge made (+) or paid or expired (-): its charge amount and 1. */
  pendingAmount?: number;
  pendingCount?: number;
}

/** Pledges made (a positive charge amount) or paid or expired (negative), as changes of the pending counters. */
export function pledgeChanges(moves: { campaignId: string; donationId: string; amount: number }[]): TotalsChange[] {
  return moves.map(({ campaignId, donationId, amount }) => ({ campaignId, slotKey: donationId, pendingAmount: amount, pendingCount: Math.sign(amount) }));
}

const ZERO_DELTA = { grossAmount: 0, feeAmount: 0, refundedAmount: 0, disputedAmount: 0, coveredFeeAmount: 0, donationCount: 0, donorCount: 0, pendingAmount: 0, pendingCount: 0 };

const ZERO_TOTALS: CampaignTotals = {
  grossAmount: 0,
  feeAmount: 0,
  refundedAmount: 0,
  disputedAmount: 0,
  coveredFeeAmount: 0,
  netAmount: 0,
  raisedAmount: 0,
  donationCount: 0,
  donorCount: 0,
  pendingAmount: 0,
  pendingCount: 0,
};

function fromSums(row: SlotSums): CampaignTotals {
  const gross = toMinorUnits(row.gross);
  const fee = toMinorUnits(row.fee);
  const refunded = toMinorUnits(row.refunded);
  const disputed = toMinorUnits(row.disputed);
  return {
    grossAmount: gross,
    feeAmount: fee,
    refundedAmount: refunded,
    disputedAmount: disputed,
    coveredFeeAmount: toMinorUnits(row.covered_fee),
    netAmount: gross - fee - refunded - disputed,
    raisedAmount: gross - refunded - disputed,
    donationCount: Number(row.donations),
    donorCount: Number(row.donors),
    pendingAmount: toMinorUnits(row.pending),
    pendingCount: Number(row.pending_count),
  };
}

/**
 * The campaign totals projection: slotted counters moved in the same database transaction as the ledger posting
 * that causes them, so they always equal what the ledger holds; a read sums the slots (one small indexed scan).
 */
@Injectable()
export class CampaignTotalsService {
  constructor(private readonly repository: CampaignTotalsRepository) {}

  /** The totals one money event moves, in the caller's transaction. */
  async apply(tx: EntityManager, change: TotalsChange): Promise<void> {
    await this.applyMany(tx, [change]);
  }

  /**
   * The totals many money events move (a batch of webhooks), in the caller's transaction: new donors found in one
   * statement, then every slot bumped once, in one statement, in (campaign, slot) order.
   */
  async applyMany(tx: EntityManager, changes: TotalsChange[]): Promise<void> {
    // In a fixed order: two batches inserting the same pairs in opposite orders would deadlock on the unique index.
    const gifts = changes
      .filter((change) => change.donorId)
      .map((change) => ({ campaignId: change.campaignId, donorId: change.donorId! }))
      .sort((a, b) => (a.campaignId + a.donorId < b.campaignId + b.donorId ? -1 : 1));
    const newDonors = await this.repository.addDonors(tx, gifts);
    const slots = new Map<string, SlotDelta>();
    for (const change of changes) {
      const slot = slotOf(change.slotKey);
      const key = `${change.campaignId}:${String(slot).padStart(2, '0')}`;
      const delta = slots.get(key) ?? { campaignId: change.campaignId, slot, ...ZERO_DELTA };
      delta.grossAmount += change.grossAmount ?? 0;
      delta.feeAmount += change.feeAmount ?? 0;
      delta.refundedAmount += change.refundedAmount ?? 0;
      delta.disputedAmount += change.disputedAmount ?? 0;
      delta.coveredFeeAmount += change.coveredFeeAmount ?? 0;
      delta.donationCount += change.donationCount ?? 0;
      delta.pendingAmount += change.pendingAmount ?? 0;
      delta.pendingCount += change.pendingCount ?? 0;
      // Deleted once counted: a donor giving twice in one batch is still one new donor.
      if (change.donorId && newDonors.delete(`${change.campaignId}:${change.donorId}`)) delta.donorCount += 1;
      slots.set(key, delta);
    }
    const ordered = [...slots.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, delta]) => delta);
    await this.repository.bumpSlots(tx, ordered);
  }

  /**
   * Two donor records of one person become one, in the caller's transaction: a campaign both gave to counts one donor
   * fewer. Returns every campaign whose donors changed.
   */
  async mergeDonors(tx: EntityManager, fromDonorId: string, intoDonorId: string): Promise<string[]> {
    const { counted, all } = await this.repository.mergeDonors(tx, fromDonorId, intoDonorId);
    const slot = slotOf(fromDonorId);
    const deltas = [...counted].sort().map((campaignId) => ({ campaignId, slot, ...ZERO_DELTA, donorCount: -1 }));
    await this.repository.bumpSlots(tx, deltas);
    return all;
  }

  async forCampaigns(campaignIds: string[]): Promise<Map<string, CampaignTotals>> {
    const totals = new Map(campaignIds.map((id) => [id, { ...ZERO_TOTALS }]));
    if (!campaignIds.length) return totals;
    for (const row of await this.repository.sums(campaignIds)) totals.set(row.campaign_id, fromSums(row));
    return totals;
  }

  async forCampaign(campaignId: string): Promise<CampaignTotals> {
    return (await this.forCampaigns([campaignId])).get(campaignId)!;
  }
}
