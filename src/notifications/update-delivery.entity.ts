import { SendState } from './send-state.entity.js';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Donor } from '../donations/donor.entity.js';
import { CampaignUpdate } from './campaign-update.entity.js';

/** One update to one donor, recorded once: sent, or skipped (the donor unsubscribed meanwhile). */
@Entity({ name: 'update_deliveries' })
@Unique('update_deliveries_update_id_donor_id_key', ['updateId', 'donorId'])
@Index('update_deliveries_unsent_idx', ['id'], { where: 'sent_at IS NULL AND skipped_at IS NULL' })
@Index('update_deliveries_send_due_idx', ['sendDueAt'], { where: 'sent_at IS NULL AND skipped_at IS NULL AND failed_at IS NULL AND send_due_at IS NOT NULL' })
export class UpdateDelivery {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'update_id', type: 'uuid' })
  updateId: string;

  @ManyToOne(() => CampaignUpdate, { nullable: false })
  @JoinColumn({ name: 'update_id', foreignKeyConstraintName: 'update_deliveries_update_id_fkey' })
  update?: CampaignUpdate;

  @Column({ name: 'donor_id', type: 'uuid' })
  donorId: string;

  @ManyToOne(() => Donor, { nullable: false })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'update_deliveries_donor_id_fkey' })
  donor?: Donor;

  @Column({ name: 'skipped_at', type: 'timestamptz', nullable: true })
  skippedAt: Date | null;

  /** When the batch sender is to mail it: set by the fan-out, moved on by each failed attempt, cleared once sent or failed. */
  @Column({ name: 'send_due_at', type: 'timestamptz', nullable: true })
  sendDueAt: Date | null;

  @Column(() => SendState, { prefix: false })
  send: SendState;
}
