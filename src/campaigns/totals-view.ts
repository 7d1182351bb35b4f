import type { Campaign } from './campaign.entity.js';
import type { CampaignTotals } from './campaign-totals.service.js';
import type { PublicTotals, StaffTotals } from './dto/campaign.dto.js';

/** What anyone may see of a campaign's totals: the JSON route, the campaign pages and the live stream send this. */
export function publicTotalsView(campaign: Campaign, totals: CampaignTotals): PublicTotals {
  return {
    currency: campaign.currency,
    goalAmount: campaign.goalAmount,
    raisedAmount: totals.raisedAmount,
    donationCount: totals.donationCount,
    donorCount: totals.donorCount,
    pendingAmount: totals.pendingAmount,
    pendingCount: totals.pendingCount,
  };
}

export function totalsView(campaign: Campaign, totals: CampaignTotals, staff: boolean): PublicTotals | StaffTotals {
  const publicPart = publicTotalsView(campaign, totals);
  if (!staff) return publicPart;
  const { grossAmount, feeAmount, refundedAmount, disputedAmount, netAmount, coveredFeeAmount } = totals;
  return { ...publicPart, grossAmount, feeAmount, refundedAmount, disputedAmount, netAmount, coveredFeeAmount };
}
