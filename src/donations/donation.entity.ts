import type { TaxRecipient } from './tax-recipient.js';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Campaign } from '../campaigns/campaign.entity.js';
import { moneyColumn } from '../database/money.js';
import type { PaymentMethod } from '../stripe/currencies.js';
import { Donor } from './donor.entity.js';

export const DONATION_STATUSES = ['pending', 'awaiting_payment', 'succeeded', 'failed', 'expired', 'refunded', 'partially_refunded', 'disputed'] as const;
export type DonationStatus = (typeof DONATION_STATUSES)[number];
export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a donor paying later must do, as Stripe's next_action told it. */
export type PaymentInstructions =
  | { type: 'konbini'; voucherUrl: string; expiresAt: string; stores: { chain: string; paymentCode: string; confirmationNumber: string | null }[] }
  | { type: 'bank_transfer'; bankName: string; bankCode: string; branchName: string; branchCode: string; accountType: string; accountNumber: string; accountHolderName: string };

@Entity({ name: 'donations' })
@Check('donations_status_check', `status IN ('pending', 'awaiting_payment', 'succeeded', 'failed', 'expired', 'refunded', 'partially_refunded', 'disputed')`)
@Check('donations_amount_remaining_check', 'amount_remaining >= 0')
@Check('donations_payment_method_check', `payment_method IN ('card', 'konbini', 'bank_transfer')`)
@Check('donations_amount_check', 'amount > 0 AND covered_fee_amount >= 0 AND amount + covered_fee_amount <= 99999999')
export class Donation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('donations_campaign_id_idx')
  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => Campaign, { nullable: false })
  @JoinColumn({ name: 'campaign_id', foreignKeyConstraintName: 'donations_campaign_id_fkey' })
  campaign?: Campaign;

  @Index('donations_donor_id_idx')
  @Column({ name: 'donor_id', type: 'uuid' })
  donorId: string;

  @ManyToOne(() => Donor, { nullable: false })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'donations_donor_id_fkey' })
  donor?: Donor;

  /** The gift itself, in minor units of `currency`. */
  @Column({ type: 'bigint', transformer: moneyColumn })
  amount: number;

  /** What the donor added to cover Stripe's fee; the PaymentIntent charges amount + coveredFeeAmount. */
  @Column({ name: 'covered_fee_amount', type: 'bigint', default: 0, transformer: moneyColumn })
  coveredFeeAmount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'text', default: 'pending' })
  status: DonationStatus;

  @Column({ name: 'donor_name', type: 'text', nullable: true })
  donorName: string | null;

  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  @Column({ type: 'text', nullable: true })
  message: string | null;

  @Column({ type: 'text', default: 'en' })
  language: Language;

  /** The name and address the donor gave for a receipt a tax office accepts; null when they asked for none. */
  @Column({ name: 'tax_receipt', type: 'jsonb', nullable: true })
  taxReceipt: TaxRecipient | null;

  @Index('donations_payment_intent_id_key', { unique: true })
  @Column({ name: 'payment_intent_id', type: 'text', nullable: true })
  paymentIntentId: string | null;

  @Index('donations_charge_id_key', { unique: true })
  @Column({ name: 'charge_id', type: 'text', nullable: true })
  chargeId: string | null;

  /** The caller's Idempotency-Key and a hash of the request it came with. */
  @Index('donations_idempotency_key_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'request_hash', type: 'text', nullable: true })
  requestHash: string | null;

  /** The address the donation was started from, for counting declined cards per address; never logged. */
  @Column({ name: 'client_ip', type: 'text', nullable: true })
  clientIp: string | null;

  /** The donor agreed to hear progress updates of this campaign. */
  @Column({ name: 'updates_opt_in', type: 'boolean', default: true })
  updatesOptIn: boolean;

  @Column({ name: 'payment_method', type: 'text', default: 'card' })
  paymentMethod: PaymentMethod;

  /** A pledge's voucher or bank account, for the thank-you page and the emails. */
  @Column({ name: 'payment_instructions', type: 'jsonb', nullable: true })
  paymentInstructions: PaymentInstructions | null;

  /** A bank transfer not yet paid in full: what is still to be sent. */
  @Column({ name: 'amount_remaining', type: 'bigint', nullable: true, transformer: moneyColumn })
  amountRemaining: number | null;

  /** A konbini voucher's deadline. */
  @Index('donations_awaiting_payment_idx', { where: `status = 'awaiting_payment'` })
  @Column({ name: 'pledge_expires_at', type: 'timestamptz', nullable: true })
  pledgeExpiresAt: Date | null;

  /** When the donor was reminded of an unpaid voucher (once). */
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt: Date | null;

  @Column({ name: 'succeeded_at', type: 'timestamptz', nullable: true })
  succeededAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
