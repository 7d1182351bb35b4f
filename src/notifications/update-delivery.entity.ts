import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Donor } from '../donations/donor.entity.js';
import { CampaignUpdate } from './campaign-update.entity.js';

/** One update to one donor, recorded once: sent, or skipped (the donor unsubscribed meanwhile). */
@Entity({ name: 'update_deliveries' })
@Unique('update_deliveries_update_id_donor_id_key', ['updateId', 'donorId'])
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
}
