import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The inbox: every verified Stripe event, stored once (its id is the key) before the webhook answers, and applied
 * later by an applier in a batch (applied_at set in the transaction that applies it).
 */
@Entity({ name: 'stripe_events' })
@Index('stripe_events_unmatched_idx', ['receivedAt'], { where: 'unmatched_reason IS NOT NULL' })
@Index('stripe_events_pending_idx', ['receivedAt'], { where: 'applied_at IS NULL' })
export class StripeEventRecord {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'stripe_created_at', type: 'timestamptz' })
  stripeCreatedAt: Date;

  /** The body exactly as Stripe signed it. */
  @Column({ type: 'text' })
  payload: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  /** Set when the event is about a donation Kizuna does not know: finance sees it in the unmatched events. */
  @Column({ name: 'unmatched_reason', type: 'text', nullable: true })
  unmatchedReason: string | null;

  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true })
  appliedAt: Date | null;

  /** Failed tries to apply it; a failing event waits `apply_after` and blocks no other. */
  @Column({ name: 'apply_attempts', type: 'integer', default: 0 })
  applyAttempts: number;

  @Column({ name: 'apply_error', type: 'text', nullable: true })
  applyError: string | null;

  @Column({ name: 'apply_after', type: 'timestamptz', nullable: true })
  applyAfter: Date | null;
}
