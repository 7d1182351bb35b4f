import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The inbox: every verified Stripe event, stored once (its id is the key) in the transaction that applies it. */
@Entity({ name: 'stripe_events' })
@Index('stripe_events_unmatched_idx', ['receivedAt'], { where: 'unmatched_reason IS NOT NULL' })
export class StripeEventRecord {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'stripe_created_at', type: 'timestamptz' })
  stripeCreatedAt: Date;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  /** Set when the event is about a donation Kizuna does not know: finance sees it in the unmatched events. */
  @Column({ name: 'unmatched_reason', type: 'text', nullable: true })
  unmatchedReason: string | null;
}
