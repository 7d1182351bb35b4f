import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { moneyColumn } from '../database/money.js';

/** Mirror of Stripe's balance transactions, filled by the sync job; fees and reconciliation read it. */
@Entity({ name: 'stripe_balance_transactions' })
export class StripeBalanceTransaction {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  type: string;

  @Index('stripe_balance_transactions_source_idx')
  @Column({ type: 'text', nullable: true })
  source: string | null;

  @Column({ type: 'bigint', transformer: moneyColumn })
  amount: number;

  @Column({ type: 'bigint', transformer: moneyColumn })
  fee: number;

  @Column({ type: 'bigint', transformer: moneyColumn })
  net: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ name: 'reporting_category', type: 'text' })
  reportingCategory: string;

  @Index('stripe_balance_transactions_created_idx')
  @Column({ name: 'stripe_created_at', type: 'timestamptz' })
  stripeCreatedAt: Date;

  /** The payout that paid this transaction out, once the sync has asked Stripe. */
  @Index('stripe_balance_transactions_payout_id_idx')
  @Column({ name: 'payout_id', type: 'text', nullable: true })
  payoutId: string | null;

  @Column({ type: 'jsonb' })
  raw: unknown;
}
