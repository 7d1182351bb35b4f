import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Campaign } from '../campaigns/campaign.entity.js';

const UPDATE_KINDS = ['update', 'milestone'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

/** A progress update a coordinator wrote, or a milestone announcement; fanned out to opted-in donors in batches. */
@Entity({ name: 'campaign_updates' })
@Check('campaign_updates_kind_check', `kind IN ('update', 'milestone')`)
export class CampaignUpdate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('campaign_updates_campaign_id_idx')
  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => Campaign, { nullable: false })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'campaign_updates_campaign_id_fkey' })
  campaign?: Campaign;

  @Column({ type: 'text' })
  kind: UpdateKind;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'milestone_percent', type: 'integer', nullable: true })
  milestonePercent: number | null;

  /** The last donor the fan-out reached; the next batch starts after it. */
  @Column({ name: 'fanout_cursor', type: 'uuid', nullable: true })
  fanoutCursor: string | null;

  @Column({ name: 'fanout_done_at', type: 'timestamptz', nullable: true })
  fanoutDoneAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
