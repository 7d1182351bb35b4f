import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { moneyColumn } from '../database/money.js';
import { Donor } from './donor.entity.js';

export const CASH_RETURN_STATUSES = ['requested', 'requires_action', 'pending', 'succeeded', 'failed', 'canceled', 'refused'] as const;
export type CashReturnStatus = (typeof CASH_RETURN_STATUSES)[number];

/**
 * Money in a donor's cash balance sent back to their bank: a Stripe refund with origin customer_balance, which moves
 * nothing in the Stripe balance and so nothing in the ledger. `requested` until Stripe answers (`refused` when it
 * would not), then Stripe's own status: `requires_action` (Stripe asked the donor for their bank account), `pending`,
 * `succeeded`, or `failed` / `canceled` (the money went back to the cash balance).
 */
@Entity({ name: 'donor_cash_returns' })
@Check('donor_cash_returns_amount_check', 'amount > 0')
@Check('donor_cash_returns_status_check', `status IN ('requested', 'requires_action', 'pending', 'succeeded', 'failed', 'canceled', 'refused')`)
// Two clicks at once ask Stripe once; a refund made in Stripe's dashboard (no requested_by) is recorded whatever else is open.
@Index('donor_cash_returns_open_key', ['stripeCustomerId'], { unique: true, where: `status IN ('requested', 'requires_action', 'pending') AND requested_by IS NOT NULL` })
export class DonorCashReturn {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'donor_cash_returns_pkey' })
  id: string;

  @Column({ name: 'stripe_customer_id', type: 'text' })
  stripeCustomerId: string;

  @Index('donor_cash_returns_donor_id_idx')
  @Column({ name: 'donor_id', type: 'uuid' })
  donorId: string;

  @ManyToOne(() => Donor, { nullable: false })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'donor_cash_returns_donor_id_fkey' })
  donor?: Donor;

  @Column({ type: 'bigint', transformer: moneyColumn })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'text' })
  status: CashReturnStatus;

  @Index('donor_cash_returns_stripe_refund_id_key', { unique: true })
  @Column({ name: 'stripe_refund_id', type: 'text', nullable: true })
  stripeRefundId: string | null;

  /** Where Stripe sent the email asking the donor for their bank account. */
  @Column({ name: 'instructions_email', type: 'text', nullable: true })
  instructionsEmail: string | null;

  /** The staff member who asked for it; null for a refund made in Stripe's dashboard. */
  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy: string | null;

  /** Why Stripe refused it, or why it failed. */
  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
