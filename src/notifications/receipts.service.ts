import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import { isUniqueViolation } from '../database/errors.js';
import { LedgerService } from '../ledger/ledger.service.js';
import type { ReceiptKind } from './templates/receipt-email.js';

export interface IssuedReceipt {
  id: string;
  kind: ReceiptKind;
  sourceRef: string;
  number: string;
  amount: number;
  refundedAmount: number;
  originalNumber: string | null;
  issuedAt: Date;
  sentAt: Date | null;
}

interface ReceiptRow {
  id: string;
  kind: ReceiptKind;
  source_ref: string;
  number: string;
  amount: string;
  issued_at: Date;
  sent_at: Date | null;
}

/**
 * Issues receipts with gap-free numbers per year: the counter row is incremented in the statement that inserts the
 * receipt, so a failure gives the number back and concurrent issuers queue on the row lock.
 */
@Injectable()
export class ReceiptsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
  ) {}

  /** The receipt (or, after a refund, the correction or cancellation) for a donation; issued once. */
  async issue(donationId: string, refundId?: string): Promise<IssuedReceipt> {
    const db = this.dataSource.manager;
    const balances = await this.ledger.balancesOfDonation(db, donationId);
    if (balances.charged === 0) throw new Error(`donation ${donationId} has no charge yet`);
    const original = await this.find(db, 'receipt', donationId);
    const fullyRefunded = balances.refunded >= balances.charged;
    const [kind, sourceRef, amount]: [ReceiptKind, string, number] = !refundId
      ? ['receipt', donationId, balances.charged]
      : fullyRefunded
        ? ['cancellation', donationId, balances.charged]
        : ['correction', refundId, balances.charged - balances.refunded];
    if (kind !== 'receipt' && !original) throw new Error(`donation ${donationId}: the original receipt is not issued yet`);
    const existing = kind === 'receipt' ? original : await this.find(db, kind, sourceRef);
    const row = existing ?? (await this.insertNumbered(donationId, kind, sourceRef, amount));
    return {
      id: row.id, kind, sourceRef, number: row.number, amount: toMinorUnits(row.amount), refundedAmount: balances.refunded,
      originalNumber: kind === 'receipt' ? null : original!.number, issuedAt: row.issued_at, sentAt: row.sent_at,
    };
  }

  /**
   * Sends a receipt unless it was sent already. The row stays locked while the mail goes out, so two runs of
   * one job (say, re-enqueued after Redis lost it) cannot both send; a crash mid-send rolls back and it is resent.
   */
  sendOnce(receiptId: string, send: () => Promise<void>): Promise<void> {
    return this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT sent_at FROM receipts WHERE id = $1 FOR UPDATE`, [receiptId]);
      if (row.sent_at) return;
      await send();
      await tx.query(`UPDATE receipts SET sent_at = now() WHERE id = $1`, [receiptId]);
    });
  }

  private async find(tx: EntityManager, kind: ReceiptKind, sourceRef: string): Promise<ReceiptRow | undefined> {
    const [row] = await tx.query(`SELECT id, kind, source_ref, number, amount, issued_at, sent_at FROM receipts WHERE kind = $1 AND source_ref = $2`, [kind, sourceRef]);
    return row;
  }

  /**
   * Takes the year's next number and inserts the receipt in one statement, outside any transaction: the counter row
   * is locked only while PostgreSQL runs it, not across round trips to this process, so concurrent issuers queue
   * for microseconds. If the receipt exists already (a concurrent run of the same job), the statement fails as a
   * whole, the number is not used, and the existing receipt is returned. The currency is a subquery rather than a
   * join, so that the insert always has its one row: a join finding no donation would still have taken a number.
   */
  private async insertNumbered(donationId: string, kind: ReceiptKind, sourceRef: string, amount: number): Promise<ReceiptRow> {
    try {
      const [row] = await this.dataSource.query(
        `WITH counter AS (
           INSERT INTO receipt_counters (year, last_number) VALUES ($5, 1)
           ON CONFLICT (year) DO UPDATE SET last_number = receipt_counters.last_number + 1 RETURNING last_number)
         INSERT INTO receipts (donation_id, kind, source_ref, number, year, sequence, amount, currency)
         SELECT $1, $2, $3, format('KZ-%s-%s', $5, lpad(last_number::text, greatest(6, length(last_number::text)), '0')), $5, last_number, $4,
                (SELECT currency FROM donations WHERE id = $1)
           FROM counter
         RETURNING id, kind, source_ref, number, amount, issued_at, sent_at`,
        [donationId, kind, sourceRef, amount, new Date().getUTCFullYear()],
      );
      return row;
    } catch (error) {
      const existing = isUniqueViolation(error) ? await this.find(this.dataSource.manager, kind, sourceRef) : undefined;
      if (!existing) throw error;
      return existing;
    }
  }
}
