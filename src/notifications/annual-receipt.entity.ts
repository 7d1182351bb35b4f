import { SendState } from './send-state.entity.js';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { moneyColumn } from '../database/money.js';
import { Donor } from '../donations/donor.entity.js';
import { OrganisationProfileVersion } from '../organisation/organisation-profile.entity.js';
import type { AnnualReceiptDetails } from './receipt-details.js';

/** Gap-free annual receipt numbers (KZA-<year>-000001): one row per year, moved in the transaction that issues them. */
@Entity({ name: 'annual_receipt_counters' })
export class AnnualReceiptCounter {
  @Column({ type: 'integer', primary: true })
  year: number;

  @Column({ name: 'last_number', type: 'integer', default: 0 })
  lastNumber: number;
}

/** One run that issues and mails the annual receipts of a year: started by finance or by the January schedule. */
@Entity({ name: 'annual_receipt_runs' })
@Check('annual_receipt_runs_status_check', `status IN ('running', 'completed', 'failed')`)
export class AnnualReceiptRun {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'text', default: 'running' })
  status: 'running' | 'completed' | 'failed';

  /** The staff member who started it; null for the schedule. */
  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'integer', default: 0 })
  issued: number;

  /** Donors who had their receipt for the year from an earlier run. */
  @Column({ name: 'already_issued', type: 'integer', default: 0 })
  alreadyIssued: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}

/**
 * One combined receipt per donor, calendar year and currency (or one issued again in its place), fixed at issue:
 * `details` holds what it prints, and a trigger refuses any change but the mailing record.
 */
@Entity({ name: 'annual_receipts' })
@Check('annual_receipts_kind_check', `kind IN ('annual', 'reissue')`)
@Index('annual_receipts_year_sequence_key', ['year', 'sequence'], { unique: true })
@Index('annual_receipts_donor_year_key', ['donorId', 'year', 'currency'], { unique: true, where: `kind = 'annual'` })
export class AnnualReceipt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('annual_receipts_donor_id_idx')
  @Column({ name: 'donor_id', type: 'uuid' })
  donorId: string;

  @ManyToOne(() => Donor, { nullable: false })
  @JoinColumn({ name: 'donor_id', foreignKeyConstraintName: 'annual_receipts_donor_id_fkey' })
  donor?: Donor;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'text' })
  kind: 'annual' | 'reissue';

  @Index('annual_receipts_number_key', { unique: true })
  @Column({ type: 'text' })
  number: string;

  @Column({ type: 'integer' })
  sequence: number;

  @Column({ type: 'bigint', transformer: moneyColumn })
  amount: number;

  @Column({ type: 'jsonb' })
  details: AnnualReceiptDetails;

  @Column({ name: 'organisation_version', type: 'integer' })
  organisationVersion: number;

  @ManyToOne(() => OrganisationProfileVersion, { nullable: false })
  @JoinColumn({ name: 'organisation_version', foreignKeyConstraintName: 'annual_receipts_organisation_version_fkey' })
  organisation?: OrganisationProfileVersion;

  @Index('annual_receipts_issued_at_idx')
  @Column({ name: 'issued_at', type: 'timestamptz', default: () => 'now()' })
  issuedAt: Date;

  @Column({ name: 'replaces_number', type: 'text', nullable: true })
  replacesNumber: string | null;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  /** Never to be sent; kept for the send machinery shared with the per-gift receipts. */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column(() => SendState, { prefix: false })
  send: SendState;
}
