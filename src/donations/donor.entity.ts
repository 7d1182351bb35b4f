import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'donors' })
@Check('donors_email_lower_check', 'email = lower(email)')
@Check('donors_merged_check', '(merged_into IS NULL) = (merged_at IS NULL) AND merged_into <> id')
export class Donor {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lowercased, so one donor per address whatever the case they type it in. */
  @Index('donors_email_key', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  /** The donor's Stripe Customer (one per donor, reused): its virtual bank account takes their transfers. */
  @Index('donors_stripe_customer_id_key', { unique: true })
  @Column({ name: 'stripe_customer_id', type: 'text', nullable: true })
  stripeCustomerId: string | null;

  /** Set by the one-click unsubscribe link: no more progress updates (receipts still go out). */
  @Column({ name: 'unsubscribed_at', type: 'timestamptz', nullable: true })
  unsubscribedAt: Date | null;

  /** Set when finance merged this record into another: its gifts moved there, and its address now gives there. */
  @Column({ name: 'merged_into', type: 'uuid', nullable: true })
  mergedInto: string | null;

  @ManyToOne(() => Donor, { nullable: true })
  @JoinColumn({ name: 'merged_into', foreignKeyConstraintName: 'donors_merged_into_fkey' })
  mergedIntoDonor?: Donor;

  @Column({ name: 'merged_at', type: 'timestamptz', nullable: true })
  mergedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
