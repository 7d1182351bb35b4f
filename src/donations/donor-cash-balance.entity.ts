import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { moneyColumn } from '../database/money.js';
import { Donor } from './donor.entity.js';

/**
 * What a donor's Stripe cash balance holds (money sent to their virtual account beyond what their transfers asked
 * for), as Stripe last reported it: finance sees it and chooses to return it or apply it to a gift.
 */
@Entity({ name: 'donor_cash_balances' })
@Check('donor_cash_balances_available_amount_check', 'available_amount >= 0')
export class DonorCashBalance {
  @PrimaryColumn({ name: 'stripe_customer_id', type: 'text', primaryKeyConstraintName: 'donor_cash_balances_pkey' })
  stripeCustomerId: string;

  @Index('donor_cash_balances_donor_id_idx')
  @Column({ name: 'donor_id', type: 'uuid' })
  donorId: string;

  @ManyToOne(() => Donor, { nullable: false })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'donor_cash_balances_donor_id_fkey' })
  donor?: Donor;

  @Column({ type: 'char', length: 3, default: 'jpy' })
  currency: string;

  @Column({ name: 'available_amount', type: 'bigint', transformer: moneyColumn })
  availableAmount: number;

  /** Stripe's reconciliation mode for this customer: `automatic` applies arriving money to open transfers, `manual` waits. */
  @Column({ name: 'reconciliation_mode', type: 'text' })
  reconciliationMode: string;

  /** When the balance last went from nothing to something: how long the donor's money has waited. */
  @Column({ name: 'available_since', type: 'timestamptz', nullable: true })
  availableSince: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
