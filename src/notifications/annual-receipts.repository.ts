import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnnualReceiptDetails } from './receipt-details.js';

/** One gift of the year with what remains of it after refunds and lost disputes, from the donations, campaigns and ledger views. */
export interface AnnualGiftRow {
  donation_id: string;
  donor_id: string;
  currency: string;
  donor_name: string | null;
  language: 'en' | 'ja';
  tax_receipt: AnnualReceiptDetails['recipient'];
  donated_at: Date;
  title_ja: string | null;
  title_en: string | null;
  fund_kind: 'shienkin' | 'gienkin';
  fund_recipient: string | null;
  remaining: string;
  receipt_number: string | null;
}

export interface AnnualReceiptRow {
  id: string;
  donor_id: string;
  year: number;
  currency: string;
  kind: 'annual' | 'reissue';
  number: string;
  amount: string;
  details: AnnualReceiptDetails;
  organisation_version: number;
  issued_at: Date;
  replaces_number: string | null;
  sent_at: Date | null;
  withdrawn_at: Date | null;
}

export interface AnnualRunRow {
  id: string;
  year: number;
  status: 'running' | 'completed' | 'failed';
  requested_by: string | null;
  issued: number;
  already_issued: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

export interface NewAnnualReceipt {
  donorId: string;
  currency: string;
  amount: number;
  details: AnnualReceiptDetails;
}

const COLUMNS = `id, donor_id, year, btrim(currency) AS currency, kind, number, amount, details, organisation_version, issued_at, replaces_number, sent_at, withdrawn_at`;

/** annual_receipts, annual_receipt_counters and annual_receipt_runs; reads donations_summary_v, campaigns_summary_v, ledger_postings_v and receipts for the gifts. */
@Injectable()
export class AnnualReceiptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insertRun(tx: EntityManager, year: number, requestedBy: string | null): Promise<string> {
    const [row] = await tx.query(`INSERT INTO annual_receipt_runs (year, requested_by) VALUES ($1, $2) RETURNING id`, [year, requestedBy]);
    return row.id;
  }

  async run(id: string): Promise<AnnualRunRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT * FROM annual_receipt_runs WHERE id = $1`, [id]);
    return row;
  }

  async finishRun(id: string, status: 'completed' | 'failed', counts: { issued: number; alreadyIssued: number }, error: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE annual_receipt_runs SET status = $2, issued = $3, already_issued = $4, error = $5, finished_at = now() WHERE id = $1`, [
      id,
      status,
      counts.issued,
      counts.alreadyIssued,
      error,
    ]);
  }

  /**
   * The gifts that succeeded in `year` in time zone `timeZone`, each with what remains of it (charged less refunded
   * and lost in disputes), those with nothing left out; by donor, currency and date. `donorId` narrows it to one donor.
   * A gift listed on another donor's annual receipt of the year is left out too: that donor record was merged into
   * this one after its receipt went out, and a gift is never on two annual receipts.
   */
  giftsOfYear(year: number, timeZone: string, donorId: string | null = null): Promise<AnnualGiftRow[]> {
    return this.dataSource.query(
      `WITH listed AS (
         SELECT DISTINCT a.donor_id, (gift->>'donationId')::uuid AS donation_id
           FROM annual_receipts a CROSS JOIN jsonb_array_elements(a.details->'gifts') gift WHERE a.year = $1)
       SELECT g.* FROM (
         SELECT d.id AS donation_id, d.donor_id, btrim(d.currency) AS currency, d.donor_name, d.language, d.tax_receipt, d.succeeded_at AS donated_at,
                c.title_ja, c.title_en, c.fund_kind, c.fund_recipient,
                -COALESCE((SELECT sum(p.amount) FROM ledger_postings_v p
                            WHERE p.donation_id = d.id AND p.account IN ('campaign_gross', 'campaign_refunds', 'campaign_disputes')), 0) AS remaining,
                (SELECT r.number FROM receipts r WHERE r.donation_id = d.id AND r.kind = 'receipt') AS receipt_number
           FROM donations_summary_v d JOIN campaigns_summary_v c ON c.id = d.campaign_id
          WHERE d.succeeded_at IS NOT NULL AND extract(year FROM d.succeeded_at AT TIME ZONE $2) = $1 AND ($3::uuid IS NULL OR d.donor_id = $3)) g
        WHERE g.remaining > 0
          AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.donation_id = g.donation_id AND l.donor_id <> g.donor_id)
        ORDER BY g.donor_id, g.currency, g.donated_at, g.donation_id`,
      [year, timeZone, donorId],
    );
  }

  /**
   * Issues the year's annual receipts of the donors who have none yet, in `tx`: the year's counter is locked first, so
   * a concurrent run waits here and then (READ COMMITTED: a fresh snapshot per statement) sees every receipt the
   * other committed; numbers are consumed only if `tx` commits. Returns the receipts issued.
   */
  async issueAnnual(tx: EntityManager, year: number, organisationVersion: number, runId: string | null, receipts: NewAnnualReceipt[]): Promise<AnnualReceiptRow[]> {
    await this.lockCounter(tx, year);
    return tx.query(
      `WITH wanted AS (
         SELECT x.donor_id, x.currency, x.amount, x.details, x.ord FROM jsonb_to_recordset($4::jsonb) AS x(donor_id uuid, currency text, amount bigint, details jsonb, ord int)
          WHERE NOT EXISTS (SELECT 1 FROM annual_receipts a WHERE a.donor_id = x.donor_id AND a.year = $1 AND a.currency = x.currency AND a.kind = 'annual')),
       numbered AS (SELECT w.*, k.last_number + row_number() OVER (ORDER BY w.ord) AS sequence FROM wanted w CROSS JOIN annual_receipt_counters k WHERE k.year = $1),
       inserted AS (
         INSERT INTO annual_receipts (donor_id, year, currency, kind, number, sequence, amount, details, organisation_version, run_id)
         SELECT donor_id, $1, currency, 'annual', format('KZA-%s-%s', $1::int, lpad(sequence::text, greatest(6, length(sequence::text)), '0')),
                sequence, amount, details, $2, $3
           FROM numbered
         RETURNING ${COLUMNS}),
       moved AS (UPDATE annual_receipt_counters SET last_number = last_number + (SELECT count(*) FROM inserted) WHERE year = $1)
       SELECT * FROM inserted`,
      [year, organisationVersion, runId, JSON.stringify(receipts.map((r, ord) => ({ donor_id: r.donorId, currency: r.currency, amount: r.amount, details: r.details, ord })))],
    );
  }

  /** A receipt issued again in place of `replaces`, with the next number of its year. */
  async insertReissue(tx: EntityManager, replaces: AnnualReceiptRow, organisationVersion: number, receipt: NewAnnualReceipt): Promise<AnnualReceiptRow> {
    const [row] = await tx.query(
      `WITH counter AS (
         INSERT INTO annual_receipt_counters (year, last_number) VALUES ($1, 1)
         ON CONFLICT (year) DO UPDATE SET last_number = annual_receipt_counters.last_number + 1 RETURNING last_number)
       INSERT INTO annual_receipts (donor_id, year, currency, kind, number, sequence, amount, details, organisation_version, replaces_number)
       SELECT $2, $1, $3, 'reissue', format('KZA-%s-%s', $1::int, lpad(last_number::text, greatest(6, length(last_number::text)), '0')), last_number, $4, $5, $6, $7
         FROM counter
       RETURNING ${COLUMNS}`,
      [replaces.year, replaces.donor_id, replaces.currency, receipt.amount, JSON.stringify(receipt.details), organisationVersion, replaces.number],
    );
    return row;
  }

  async get(id: string): Promise<AnnualReceiptRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${COLUMNS} FROM annual_receipts WHERE id = $1`, [id]);
    return row;
  }

  /** The last document issued for the donor, year and currency of `receipt`, locked (with the rest) until `tx` ends. */
  async lastOfSeries(tx: EntityManager, receipt: AnnualReceiptRow): Promise<AnnualReceiptRow> {
    const rows: AnnualReceiptRow[] = await tx.query(`SELECT ${COLUMNS} FROM annual_receipts WHERE donor_id = $1 AND year = $2 AND currency = $3 ORDER BY sequence FOR UPDATE`, [
      receipt.donor_id,
      receipt.year,
      receipt.currency,
    ]);
    return rows.at(-1)!;
  }

  private async lockCounter(tx: EntityManager, year: number): Promise<void> {
    await tx.query(`INSERT INTO annual_receipt_counters (year, last_number) VALUES ($1, 0) ON CONFLICT (year) DO UPDATE SET last_number = annual_receipt_counters.last_number`, [
      year,
    ]);
  }
}
