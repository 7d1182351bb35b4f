import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Campaign } from './campaign.entity.js';

/**
 * A slug a campaign had before: its old address keeps leading to it, and no other campaign may take it. Written by the
 * database itself when a campaign's slug changes (see the migration), so no way of changing a slug can forget it.
 */
@Entity({ name: 'campaign_slug_history' })
export class CampaignSlug {
  @PrimaryColumn({ type: 'text' })
  slug: string;

  @Index('campaign_slug_history_campaign_id_idx')
  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => Campaign, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'campaign_slug_history_campaign_id_fkey' })
  campaign?: Campaign;

  @CreateDateColumn({ name: 'retired_at', type: 'timestamptz' })
  retiredAt: Date;
}
