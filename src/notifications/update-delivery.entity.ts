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

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'skipped_at', type: 'timestamptz', nullable: true })
  skippedAt: Date | null;

  /** While a sender mails it, nobody else sends it until then; a sender that died lets the claim lapse. */
  @Column({ name: 'send_claimed_until', type: 'timestamptz', nullable: true })
  sendClaimedUntil: Date | null;

  /** Mail attempts that failed; the last error says why. */
  @Column({ name: 'send_attempts', type: 'integer', default: 0 })
  sendAttempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** When the batch sender is to mail it: set by the fan-out, moved on by each failed attempt, cleared once sent or failed. */
  @Column({ name: 'send_due_at', type: 'timestamptz', nullable: true })
  sendDueAt: Date | null;

  /** Every retry of several days was spent: the mail sweep or an admin sends it again. */
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;
}
