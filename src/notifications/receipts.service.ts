import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import { updateReturning } from '../database/update-returning.js';
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

export function receiptNumber(year: number, sequence: number): string {
  return `KZ-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * Issues receipts with gap-free numbers per year: the counter row is incremented in the transaction that
 * inserts the receipt, so a rollback gives the number back and concurrent issuers queue on the row lock.
 */
@Injectable()
export class ReceiptsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
  ) {}

  /** The receipt (or, after a refund, the correction or cancellation) for a donation; issued once. */
  issue(donationId: string, refundId?: string): Promise<IssuedReceipt> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT id FROM donations WHERE id = $1 FOR UPDATE`, [donationId]);
      const balances = await this.ledger.balancesOfDonation(tx, donationId);
      if (balances.charged === 0) throw new Error(`donation ${donationId} has no charge yet`);
      const original = await this.find(tx, 'receipt', donationId);
      const fullyRefunded = balances.refunded >= balances.charged;
      const [kind, sourceRef, amount]: [ReceiptKind, string, number] = !refundId
        ? ['receipt', donationId, balances.charged]
        : fullyRefunded
          ? ['cancellation', donationId, balances.charged]
          : ['correction', refundId, balances.charged - balances.refunded];
      if (kind !== 'receipt' && !original) throw new Error(`donation ${donationId}: the original receipt is not issued yet`);
      const row = (await this.find(tx, kind, sourceRef)) ?? (await this.insert(tx, donationId, kind, sourceRef, amount));
      return {
        id: row.id, kind, sourceRef, number: row.number, amount: toMinorUnits(row.amount), refundedAmount: balances.refunded,
        originalNumber: kind === 'receipt' ? null : original!.number, issuedAt: row.issued_at, sentAt: row.sent_at,
      };
    });
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

  private async insert(tx: EntityManager, donationId: string, kind: ReceiptKind, sourceRef: string, amount: number): Promise<ReceiptRow> {
    const year = new Date().getUTCFullYear();
    await tx.query(`INSERT INTO receipt_counters (year) VALUES ($1) ON CONFLICT DO NOTHING`, [year]);
    const [{ last_number: sequence }] = await updateReturning<{ last_number: number }>(
      tx, `UPDATE receipt_counters SET last_number = last_number + 1 WHERE year = $1 RETURNING last_number`, [year],
    );
    const [row] = await tx.query(
      `INSERT INTO receipts (donation_id, kind, source_ref, number, year, sequence, amount, currency)
       SELECT $1, $2, $3, $4, $5, $6, $7, currency FROM donations WHERE id = $1
       RETURNING id, kind, source_ref, number, amount, issued_at, sent_at`,
      [donationId, kind, sourceRef, receiptNumber(year, sequence), year, sequence, amount],
    );
    return row;
  }
}
