import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../users/user.entity.js';
import { Campaign } from './campaign.entity.js';

/** A coordinator assigned to a campaign: only they (and admins) edit it, close it and mail its donors. */
@Entity({ name: 'campaign_coordinators' })
export class CampaignCoordinator {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => Campaign, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'campaign_coordinators_campaign_id_fkey' })
  campaign?: Campaign;

  @Index('campaign_coordinators_user_idx')
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'campaign_coordinators_user_id_fkey' })
  user?: User;

  @CreateDateColumn({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt: Date;
}
