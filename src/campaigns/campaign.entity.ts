import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { moneyColumn } from '../database/money.js';

export const DISASTER_TYPES = ['tsunami', 'earthquake', 'flood', 'typhoon', 'wildfire', 'other'] as const;
export type DisasterType = (typeof DISASTER_TYPES)[number];

/**
 * The largest goal, in minor units, the same number for every currency: ¥1,000,000,000,000 and ₩1,000,000,000,000,
 * $10,000,000,000.00, €10,000,000,000.00, £10,000,000,000.00. A goal is not a charge, so Stripe's maximum for a single
 * gift (src/stripe/currencies.ts) does not apply to it. A goal times 100 (a percentage) stays a safe integer.
 */
export const MAX_GOAL = 1_000_000_000_000;

export const FUND_KINDS = ['shienkin', 'gienkin'] as const;
/** 支援金 funds the organisation's own relief work; 義援金 is passed on to a local government (fundRecipient). */
export type FundKind = (typeof FUND_KINDS)[number];

export const CAMPAIGN_STATUSES = ['draft', 'active', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

@Entity({ name: 'campaigns' })
@Check('campaigns_status_check', `status IN ('draft', 'active', 'closed')`)
@Check('campaigns_goal_amount_check', `goal_amount > 0 AND goal_amount <= ${MAX_GOAL}`)
@Check('campaigns_translation_ja_check', '(title_ja IS NULL) = (region_ja IS NULL) AND (title_ja IS NULL) = (story_ja IS NULL)')
@Check('campaigns_translation_en_check', '(title_en IS NULL) = (region_en IS NULL) AND (title_en IS NULL) = (story_en IS NULL)')
@Check('campaigns_fund_kind_check', `fund_kind IN ('shienkin', 'gienkin')`)
@Check('campaigns_fund_recipient_check', `fund_kind = 'shienkin' OR fund_recipient IS NOT NULL`)
@Check('campaigns_translation_check', 'title_ja IS NOT NULL OR title_en IS NOT NULL')
export class Campaign {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('campaigns_slug_key', { unique: true })
  @Column({ type: 'text' })
  slug: string;

  // A translation is its three columns, all set or all null; at least one language has one (see campaign-text.ts).
  @Column({ name: 'title_ja', type: 'text', nullable: true })
  titleJa: string | null;

  @Column({ name: 'story_ja', type: 'text', nullable: true })
  storyJa: string | null;

  @Column({ name: 'region_ja', type: 'text', nullable: true })
  regionJa: string | null;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;

  @Column({ name: 'story_en', type: 'text', nullable: true })
  storyEn: string | null;

  @Column({ name: 'region_en', type: 'text', nullable: true })
  regionEn: string | null;

  @Column({ name: 'fund_kind', type: 'text', default: 'shienkin' })
  fundKind: FundKind;

  /** For 義援金: the local government the money is passed on to, as the custody receipt names it (e.g. 石川県). */
  @Column({ name: 'fund_recipient', type: 'text', nullable: true })
  fundRecipient: string | null;

  @Column({ name: 'disaster_type', type: 'text' })
  disasterType: DisasterType;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ name: 'goal_amount', type: 'bigint', transformer: moneyColumn })
  goalAmount: number;

  @Index('campaigns_status_idx')
  @Column({ type: 'text', default: 'draft' })
  status: CampaignStatus;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
