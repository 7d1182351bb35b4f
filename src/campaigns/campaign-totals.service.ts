import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import { CampaignTotalsRepository, type SlotSums } from './campaign-totals.repository.js';

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
}

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
  };
}

/**
 * The campaign totals projection: slotted counters moved in the same database transaction as the ledger posting
 * that causes them, so they always equal what the ledger holds; a read sums the slots (one small indexed scan).
 */
@Injectable()
export class CampaignTotalsService {
  constructor(private readonly repository: CampaignTotalsRepository) {}

  /** One counter update per money event, in the slot of its donation; a new donor is counted in the same one. */
  async apply(tx: EntityManager, change: TotalsChange): Promise<void> {
    const newDonor = change.donorId ? await this.repository.addDonor(tx, change.campaignId, change.donorId) : false;
    await this.repository.bumpSlot(tx, change.campaignId, change.slotKey, {
      grossAmount: change.grossAmount ?? 0,
      feeAmount: change.feeAmount ?? 0,
      refundedAmount: change.refundedAmount ?? 0,
      disputedAmount: change.disputedAmount ?? 0,
      coveredFeeAmount: change.coveredFeeAmount ?? 0,
      donationCount: change.donationCount ?? 0,
      donorCount: newDonor ? 1 : 0,
    });
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
