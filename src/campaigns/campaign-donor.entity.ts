import { Entity, PrimaryColumn } from 'typeorm';

/** Who has given to a campaign, so the donor count in the totals counts each donor once. */
@Entity({ name: 'campaign_donors' })
export class CampaignDonor {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ name: 'donor_id', type: 'uuid' })
  donorId: string;
}
