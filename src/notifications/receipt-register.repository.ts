import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AnnualReceiptDetails, ReceiptDetails } from './receipt-details.js';

export interface RegisterRow {
  source: 'receipt' | 'annual';
  id: string;
  number: string;
  kind: 'receipt' | 'correction' | 'cancellation' | 'reissue' | 'annual';
  issued_at: Date;
  /** issued_at exactly as PostgreSQL holds it (microseconds), to page on. */
  issued_at_text: string;
  sent_at: Date | null;
  withdrawn_at: Date | null;
  replaces: string | null;
  donation_id: string | null;
  donor_id: string | null;
  amount: string;
  currency: string;
  details: ReceiptDetails | AnnualReceiptDetails | null;
  organisation_version: number | null;
  /** For a correction or cancellation: the amount its original receipt stated. */
  original_amount: string | null;
}

export interface RegisterCursor {
  issuedAt: string;
  number: string;
}

/** The register: every receipt and annual receipt in the order they were issued, a page at a time. */
@Injectable()
export class ReceiptRegisterRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  page(from: Date | null, to: Date | null, after: RegisterCursor | null, limit: number): Promise<RegisterRow[]> {
    // Each side is cut to the period and the page on its own (through its issued_at index), then the two are merged.
    const pageOf = (alias: string) => `($1::timestamptz IS NULL OR ${alias}.issued_at >= $1) AND ($2::timestamptz IS NULL OR ${alias}.issued_at < $2)
      AND ($3::timestamptz IS NULL OR (${alias}.issued_at, ${alias}.number) > ($3::timestamptz, $4::text))
      ORDER BY ${alias}.issued_at, ${alias}.number LIMIT $5`;
    return this.dataSource.query(
      `SELECT e.*, e.issued_at::text AS issued_at_text FROM (
         (SELECT 'receipt' AS source, r.id, r.number, r.kind, r.issued_at, r.sent_at, r.withdrawn_at,
                 COALESCE(r.replaces_number, CASE WHEN r.kind IN ('correction', 'cancellation') THEN o.number END) AS replaces,
                 r.donation_id, NULL::uuid AS donor_id, r.amount, btrim(r.currency) AS currency, r.details, r.organisation_version,
                 CASE WHEN r.kind IN ('correction', 'cancellation') THEN o.amount END AS original_amount
            FROM receipts r LEFT JOIN receipts o ON o.kind = 'receipt' AND o.donation_id = r.donation_id
           WHERE ${pageOf('r')})
         UNION ALL
         (SELECT 'annual', a.id, a.number, a.kind, a.issued_at, a.sent_at, a.withdrawn_at, a.replaces_number, NULL, a.donor_id, a.amount, btrim(a.currency),
                 a.details, a.organisation_version, NULL
            FROM annual_receipts a
           WHERE ${pageOf('a')})) e
        ORDER BY e.issued_at, e.number
        LIMIT $5`,
      [from, to, after?.issuedAt ?? null, after?.number ?? null, limit],
    );
  }
}
