import { SendState } from './send-state.entity.js';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { moneyColumn } from '../database/money.js';
import { Donation } from '../donations/donation.entity.js';
import { OrganisationProfileVersion } from '../organisation/organisation-profile.entity.js';
import type { ReceiptDetails } from './receipt-details.js';

const RECEIPT_KINDS = ['receipt', 'correction', 'cancellation', 'reissue'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

/**
 * A numbered receipt (or a correction or cancellation of one, or a receipt issued again after a refund failed) for a
 * donation, issued once per source event.
 */
@Entity({ name: 'receipts' })
@Check('receipts_kind_check', `kind IN ('receipt', 'correction', 'cancellation', 'reissue')`)
@Index('receipts_unsent_idx', ['issuedAt'], { where: 'sent_at IS NULL AND withdrawn_at IS NULL' })
@Index('receipts_send_due_idx', ['sendDueAt'], { where: 'sent_at IS NULL AND withdrawn_at IS NULL AND failed_at IS NULL AND send_due_at IS NOT NULL' })
@Index('receipts_year_sequence_key', ['year', 'sequence'], { unique: true })
@Index('receipts_kind_source_key', ['kind', 'sourceRef'], { unique: true })
export class Receipt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('receipts_donation_id_idx')
  @Column({ name: 'donation_id', type: 'uuid' })
  donationId: string;

  @ManyToOne(() => Donation, { nullable: false })
  @JoinColumn({ name: 'donation_id', foreignKeyConstraintName: 'receipts_donation_id_fkey' })
  donation?: Donation;

  @Column({ type: 'text' })
  kind: ReceiptKind;

  /** What the receipt is for (the donation, a refund, a dispute): with kind, it is issued once. */
  @Column({ name: 'source_ref', type: 'text' })
  sourceRef: string;

  @Index('receipts_number_key', { unique: true })
  @Column({ type: 'text' })
  number: string;

  @Column({ type: 'integer' })
  year: number;

  /** Gap-free within the year, taken from receipt_counters in the issuing transaction. */
  @Column({ type: 'integer' })
  sequence: number;

  @Column({ type: 'bigint', transformer: moneyColumn })
  amount: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Index('receipts_issued_at_idx')
  @Column({ name: 'issued_at', type: 'timestamptz', default: () => 'now()' })
  issuedAt: Date;

  /** Never to be sent: what it states stopped being true before it went out (its refund failed). */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  /** When the batch sender is to mail it: set when a batch issues it, moved on by each failed attempt, cleared once sent or failed. */
  @Column({ name: 'send_due_at', type: 'timestamptz', nullable: true })
  sendDueAt: Date | null;

  /** For a reissued receipt: the number of the document it replaces. */
  @Column({ name: 'replaces_number', type: 'text', nullable: true })
  replacesNumber: string | null;

  /** The organisation profile version in force when it was numbered; null on receipts issued before versions were kept. */
  @Column({ name: 'organisation_version', type: 'integer', nullable: true })
  organisationVersion: number | null;

  @ManyToOne(() => OrganisationProfileVersion, { nullable: true })
  @JoinColumn({ name: 'organisation_version', foreignKeyConstraintName: 'receipts_organisation_version_fkey' })
  organisation?: OrganisationProfileVersion;

  /** What it prints of the donor and the campaign, taken when it was numbered; null on receipts issued before. */
  @Column({ type: 'jsonb', nullable: true })
  details: ReceiptDetails | null;

  @Column(() => SendState, { prefix: false })
  send: SendState;
}
