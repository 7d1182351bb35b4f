import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One money event, keyed by the Stripe object that caused it: the same object can never be posted twice. */
@Entity({ name: 'ledger_transactions' })
@Index('ledger_transactions_kind_object_key', ['kind', 'stripeObjectId'], { unique: true })
export class LedgerTransaction {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'stripe_object_id', type: 'text' })
  stripeObjectId: string;

  @Index('ledger_transactions_campaign_id_idx')
  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId: string | null;

  @Index('ledger_transactions_donation_id_idx')
  @Column({ name: 'donation_id', type: 'uuid', nullable: true })
  donationId: string | null;

  @Column({ type: 'char', length: 3 })
  currency: string;

  /** Stripe's exchange rate of a conversion (settlement = presentment × rate, in major units); null when nothing was converted. */
  @Column({ name: 'exchange_rate', type: 'numeric', nullable: true })
  exchangeRate: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
