import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { toMinorUnits } from '../database/money.js';

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

interface SlotSums {
  campaign_id: string;
  gross: string;
  fee: string;
  refunded: string;
  disputed: string;
  covered_fee: string;
  donations: string;
  donors: string;
}

export const ZERO_TOTALS: CampaignTotals = {
  grossAmount: 0, feeAmount: 0, refundedAmount: 0, disputedAmount: 0, coveredFeeAmount: 0,
  netAmount: 0, raisedAmount: 0, donationCount: 0, donorCount: 0,
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

/** Reads campaign totals by summing their counter slots: one small indexed scan per campaign. */
@Injectable()
export class TotalsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async forCampaigns(campaignIds: string[]): Promise<Map<string, CampaignTotals>> {
    const totals = new Map(campaignIds.map((id) => [id, { ...ZERO_TOTALS }]));
    if (!campaignIds.length) return totals;
    const rows: SlotSums[] = await this.dataSource.query(
      `SELECT campaign_id, sum(gross_amount) AS gross, sum(fee_amount) AS fee, sum(refunded_amount) AS refunded,
              sum(disputed_amount) AS disputed, sum(covered_fee_amount) AS covered_fee,
              sum(donation_count) AS donations, sum(donor_count) AS donors
         FROM campaign_total_slots WHERE campaign_id = ANY($1::uuid[]) GROUP BY campaign_id`,
      [campaignIds],
    );
    for (const row of rows) totals.set(row.campaign_id, fromSums(row));
    return totals;
  }

  async forCampaign(campaignId: string): Promise<CampaignTotals> {
    return (await this.forCampaigns([campaignId])).get(campaignId)!;
  }
}
