import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Campaign } from '../campaigns/campaign.entity.js';

const UPDATE_KINDS = ['update', 'milestone'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

/** A progress update a coordinator wrote, or a milestone announcement; fanned out to opted-in donors in batches. */
@Entity({ name: 'campaign_updates' })
@Check('campaign_updates_kind_check', `kind IN ('update', 'milestone')`)
@Check('campaign_updates_translation_ja_check', '(title_ja IS NULL) = (body_ja IS NULL)')
@Check('campaign_updates_translation_en_check', '(title_en IS NULL) = (body_en IS NULL)')
@Check('campaign_updates_translation_check', 'title_ja IS NOT NULL OR title_en IS NOT NULL')
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

  // Written in Japanese, English or both (see update-text.ts); each donor reads theirs, or the other.
  @Column({ name: 'title_ja', type: 'text', nullable: true })
  titleJa: string | null;

  @Column({ name: 'body_ja', type: 'text', nullable: true })
  bodyJa: string | null;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;

  @Column({ name: 'body_en', type: 'text', nullable: true })
  bodyEn: string | null;

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
