import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A milestone (25/50/75/100 % of goal) a campaign reached, recorded once, with the update that announced it. */
@Entity({ name: 'campaign_milestones' })
export class CampaignMilestone {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ type: 'integer' })
  percent: number;

  /** The campaign_updates row announcing it (no foreign key: the row is claimed before the update is written). */
  @Column({ name: 'update_id', type: 'uuid' })
  updateId: string;

  @Column({ name: 'reached_at', type: 'timestamptz', default: () => 'now()' })
  reachedAt: Date;
}
