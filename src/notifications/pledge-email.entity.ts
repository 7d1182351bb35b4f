import { SendState } from './send-state.entity.js';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { moneyColumn } from '../database/money.js';
import { Donation } from '../donations/donation.entity.js';
import type { PledgeEmailKind } from '../queue/queue.registry.js';

/**
 * One email about a pledge, recorded once: how to pay, the reminder, what remains after part of a transfer, or the
 * kind word after a voucher expired. `amount_remaining` is what the donor still had to pay when the email was
 * decided (the whole gift, except after part of a transfer arrived), so each new figure is an email of its own.
 */
@Entity({ name: 'pledge_emails' })
@Check('pledge_emails_kind_check', `kind IN ('instructions', 'reminder', 'partial', 'expired')`)
@Check('pledge_emails_amount_remaining_check', 'amount_remaining >= 0')
@Unique('pledge_emails_donation_id_kind_amount_remaining_key', ['donationId', 'kind', 'amountRemaining'])
@Index('pledge_emails_unsent_idx', ['createdAt'], { where: 'sent_at IS NULL AND skipped_at IS NULL' })
export class PledgeEmail {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'donation_id', type: 'uuid' })
  donationId: string;

  @ManyToOne(() => Donation, { nullable: false })
  @JoinColumn({ name: 'donation_id', foreignKeyConstraintName: 'pledge_emails_donation_id_fkey' })
  donation?: Donation;

  @Column({ type: 'text' })
  kind: PledgeEmailKind;

  @Column({ name: 'amount_remaining', type: 'bigint', transformer: moneyColumn })
  amountRemaining: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Never to be sent: what it would say stopped being true before it went out (the pledge was paid, expired, or a newer figure came). */
  @Column({ name: 'skipped_at', type: 'timestamptz', nullable: true })
  skippedAt: Date | null;

  @Column(() => SendState, { prefix: false })
  send: SendState;
}
