import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const TAX_STATUSES = ['certified_npo', 'public_interest', 'none'] as const;
/** 認定NPO法人, 公益法人 (a public-interest corporation), or neither: what a receipt must carry follows from it. */
export type TaxStatus = (typeof TAX_STATUSES)[number];

/**
 * One version of the organisation's receipt profile. A change adds a version and never edits one, so every receipt
 * can name the profile it was issued under and be printed again exactly.
 */
@Entity({ name: 'organisation_profiles' })
@Check('organisation_profiles_legal_name_check', 'length(btrim(legal_name)) > 0')
@Check('organisation_profiles_tax_status_check', `tax_status IN ('certified_npo', 'public_interest', 'none')`)
@Check('organisation_profiles_certification_check', `tax_status = 'none' OR (certification_number IS NOT NULL AND certification_date IS NOT NULL)`)
export class OrganisationProfileVersion {
  @PrimaryGeneratedColumn({ type: 'integer' })
  version: number;

  @Column({ name: 'legal_name', type: 'text' })
  legalName: string;

  /** As written on an envelope, lines separated by newlines. */
  @Column({ type: 'text' })
  address: string;

  @Column({ type: 'text' })
  representative: string;

  @Column({ name: 'tax_status', type: 'text' })
  taxStatus: TaxStatus;

  @Column({ name: 'certification_number', type: 'text', nullable: true })
  certificationNumber: string | null;

  /** YYYY-MM-DD */
  @Column({ name: 'certification_date', type: 'date', nullable: true })
  certificationDate: string | null;

  /** IANA zone; receipts show dates in it. */
  @Column({ type: 'text' })
  timezone: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
