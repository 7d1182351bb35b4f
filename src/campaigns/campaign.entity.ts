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

export const CAMPAIGN_STATUSES = ['draft', 'active', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

@Entity({ name: 'campaigns' })
@Check('campaigns_status_check', `status IN ('draft', 'active', 'closed')`)
@Check('campaigns_goal_amount_check', `goal_amount > 0 AND goal_amount <= ${MAX_GOAL}`)
export class Campaign {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('campaigns_slug_key', { unique: true })
  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'disaster_type', type: 'text' })
  disasterType: DisasterType;

  @Column({ type: 'text' })
  region: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ name: 'goal_amount', type: 'bigint', transformer: moneyColumn })
  goalAmount: number;

  @Column({ type: 'text', default: '' })
  story: string;

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
