import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../database/errors.js';
import { updateReturning } from '../database/update-returning.js';
import type { ReceiptDetails } from './receipt-details.js';
import type { ReceiptKind } from './templates/receipt-email.js';

export interface ReceiptRow {
  id: string;
  donation_id: string;
  kind: ReceiptKind;
  source_ref: string;
  number: string;
  amount: string;
  issued_at: Date;
  sent_at: Date | null;
  withdrawn_at: Date | null;
  replaces_number: string | null;
  currency: string;
  /** What it prints of the donor and the campaign, as when it was numbered; null on receipts issued before that was kept. */
  details: ReceiptDetails | null;
  organisation_version: number | null;
  /** Someone is mailing it right now. */
  in_flight: boolean;
}

export interface NewReceipt {
  donationId: string;
  kind: ReceiptKind;
  sourceRef: string;
  amount: number;
  currency: string;
  year: number;
  /** The organisation profile version in force (OrganisationService.current). */
  organisationVersion: number;
  replacesNumber?: string;
}

/**
 * What a receipt prints of its donor and campaign, from the views the donations and campaigns modules publish, for the
 * donation `d` (donations_summary_v) of campaign `c` (campaigns_summary_v): stored with the receipt when it is numbered.
 */
const DETAILS = `jsonb_build_object('donorName', d.donor_name, 'language', d.language, 'recipient', d.tax_receipt, 'titleJa', c.title_ja,
  'titleEn', c.title_en, 'fundKind', c.fund_kind, 'fundRecipient', c.fund_recipient, 'donatedAt', COALESCE(d.succeeded_at, d.created_at))`;

const RECEIPT_COLUMNS = `id, donation_id, kind, source_ref, number, amount, issued_at, sent_at, withdrawn_at, replaces_number,
  btrim(currency) AS currency, details, organisation_version, COALESCE(send_claimed_until > now(), false) AS in_flight`;

/** receipts and receipt_counters; reads ledger_transactions_v for the refunds that failed. */
@Injectable()
export class ReceiptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(kind: ReceiptKind, sourceRef: string): Promise<ReceiptRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE kind = $1 AND source_ref = $2`, [kind, sourceRef]);
    return row;
  }

  async get(id: string): Promise<ReceiptRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE id = $1`, [id]);
    return row;
  }

  /** Every document of a donation, in the order they were numbered. */
  ofDonation(donationId: string, tx: EntityManager = this.dataSource.manager): Promise<ReceiptRow[]> {
    return tx.query(`SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE donation_id = $1 ORDER BY year, sequence`, [donationId]);
  }

  /** Locks the donation's original receipt, so decisions about its later documents are taken one at a time. */
  async lockOriginal(tx: EntityManager, donationId: string): Promise<boolean> {
    const rows = await tx.query(`SELECT id FROM receipts WHERE kind = 'receipt' AND source_ref = $1 FOR UPDATE`, [donationId]);
    return rows.length > 0;
  }

  /** Whether the ledger holds the failure of this refund (a refund_failure posted by the webhook). */
  async refundFailed(refundId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM ledger_transactions_v WHERE kind = 'refund_failure' AND stripe_object_id = $1 LIMIT 1`, [refundId]);
    return rows.length > 0;
  }

  /** Withdraws a document nobody sent or is sending; false when it went out, or is going out now. */
  async withdraw(id: string, tx: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await updateReturning(
      tx,
      `UPDATE receipts SET withdrawn_at = COALESCE(withdrawn_at, now())
        WHERE id = $1 AND sent_at IS NULL AND (withdrawn_at IS NOT NULL OR send_claimed_until IS NULL OR send_claimed_until < now()) RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /**
   * Locks the year's counter until `tx` ends. Every issuer takes this lock before it inserts a receipt, so once it is
   * held the next statement (READ COMMITTED: a fresh snapshot) sees every receipt committed before, and numbers taken
   * after it are never taken twice.
   */
  async lockCounter(tx: EntityManager, year: number): Promise<void> {
    await tx.query(`INSERT INTO receipt_counters (year, last_number) VALUES ($1, 0) ON CONFLICT (year) DO UPDATE SET last_number = receipt_counters.last_number`, [year]);
  }

  /**
   * The receipts of many donations in one statement, under the counter lock (lockCounter): each donation with a charge
   * in the ledger and no receipt yet gets the next number in donation-id order, and the counter moves by how many were
   * inserted, in the same statement. Numbers are consumed only if `tx` commits, so a batch that fails leaves no gap.
   * The receipts are due for the batch sender at once. Returns how many were issued and the donations that cannot have
   * a receipt (unknown, or without a charge).
   */
  async issueBatch(tx: EntityManager, donationIds: string[], year: number, organisationVersion: number): Promise<{ issued: number; without_charge: string[] }> {
    const [row] = await tx.query(
      `WITH wanted AS (SELECT DISTINCT unnest($1::uuid[]) AS donation_id),
       charged AS (
         SELECT w.donation_id, d.currency, -COALESCE(sum(p.amount), 0) AS amount
           FROM wanted w JOIN donations_summary_v d ON d.id = w.donation_id
           LEFT JOIN ledger_postings_v p ON p.donation_id = w.donation_id AND p.account = 'campaign_gross'
          GROUP BY w.donation_id, d.currency),
       todo AS (
         SELECT c.donation_id, c.currency, c.amount, row_number() OVER (ORDER BY c.donation_id) AS n FROM charged c
          WHERE c.amount > 0 AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.kind = 'receipt' AND r.source_ref = c.donation_id::text)),
       inserted AS (
         INSERT INTO receipts (donation_id, kind, source_ref, number, year, sequence, amount, currency, send_due_at, organisation_version, details)
         SELECT t.donation_id, 'receipt', t.donation_id::text,
                format('KZ-%s-%s', $2::int, lpad((k.last_number + t.n)::text, greatest(6, length((k.last_number + t.n)::text)), '0')),
                $2, k.last_number + t.n, t.amount, t.currency, now(), $3, ${DETAILS}
           FROM todo t CROSS JOIN receipt_counters k
           JOIN donations_summary_v d ON d.id = t.donation_id JOIN campaigns_summary_v c ON c.id = d.campaign_id
          WHERE k.year = $2
         RETURNING id),
       moved AS (UPDATE receipt_counters SET last_number = last_number + (SELECT count(*) FROM inserted) WHERE year = $2)
       SELECT (SELECT count(*) FROM inserted)::int AS issued,
              ARRAY(SELECT w.donation_id::text FROM wanted w WHERE NOT EXISTS (SELECT 1 FROM charged c WHERE c.donation_id = w.donation_id AND c.amount > 0)) AS without_charge`,
      [donationIds, year, organisationVersion],
    );
    return row;
  }

  /** Claims up to `limit` receipts due for the batch sender, for `leaseMs`; rows another sender holds, and `owed`, are skipped. */
  claimDue(limit: number, leaseMs: number, owed: string[]): Promise<ReceiptRow[]> {
    return updateReturning<ReceiptRow>(
      this.dataSource,
      `UPDATE receipts SET send_claimed_until = now() + make_interval(secs => $2 / 1000.0)
        WHERE id IN (SELECT id FROM receipts
                      WHERE send_due_at <= now() AND sent_at IS NULL AND withdrawn_at IS NULL AND failed_at IS NULL
                        AND (send_claimed_until IS NULL OR send_claimed_until < now()) AND id <> ALL($3::uuid[])
                      ORDER BY send_due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          AND sent_at IS NULL
        RETURNING ${RECEIPT_COLUMNS}`,
      [limit, leaseMs, owed],
    );
  }

  /**
   * Takes the year's next number and inserts the receipt in one statement: the counter row is locked only while
   * PostgreSQL runs it (or, inside `tx`, until that commits, right after), so concurrent issuers queue for
   * microseconds. Outside a transaction, if the receipt exists already (a concurrent run of the same job), the
   * statement fails as a whole, the number is not used, and the existing receipt is returned.
   */
  async insertNumbered(receipt: NewReceipt, tx?: EntityManager): Promise<ReceiptRow> {
    const insert = async (db: Pick<EntityManager, 'query'>): Promise<ReceiptRow> => {
      const [row] = await db.query(
        `WITH counter AS (
           INSERT INTO receipt_counters (year, last_number) VALUES ($6, 1)
           ON CONFLICT (year) DO UPDATE SET last_number = receipt_counters.last_number + 1 RETURNING last_number)
         INSERT INTO receipts (donation_id, kind, source_ref, number, year, sequence, amount, currency, replaces_number, organisation_version, details)
         SELECT $1, $2, $3, format('KZ-%s-%s', $6, lpad(last_number::text, greatest(6, length(last_number::text)), '0')), $6, last_number, $4, $5, $7, $8,
                (SELECT ${DETAILS} FROM donations_summary_v d JOIN campaigns_summary_v c ON c.id = d.campaign_id WHERE d.id = $1)
           FROM counter
         RETURNING ${RECEIPT_COLUMNS}`,
        [receipt.donationId, receipt.kind, receipt.sourceRef, receipt.amount, receipt.currency, receipt.year, receipt.replacesNumber ?? null, receipt.organisationVersion],
      );
      return row;
    };
    if (tx) return insert(tx);
    try {
      return await insert(this.dataSource);
    } catch (error) {
      const existing = isUniqueViolation(error) ? await this.find(receipt.kind, receipt.sourceRef) : undefined;
      if (!existing) throw error;
      return existing;
    }
  }
}
