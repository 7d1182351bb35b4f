import { Column, Entity, PrimaryColumn } from 'typeorm';
import { moneyColumn } from '../database/money.js';

/** Mirror of Stripe's payouts, filled by the sync job; a payout must equal the sum of what it paid out. */
@Entity({ name: 'stripe_payouts' })
export class StripePayout {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'bigint', transformer: moneyColumn })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'stripe_created_at', type: 'timestamptz' })
  stripeCreatedAt: Date;

  @Column({ name: 'arrival_date', type: 'timestamptz', nullable: true })
  arrivalDate: Date | null;

  @Column({ type: 'jsonb' })
  raw: unknown;
}
