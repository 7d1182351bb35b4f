import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../database/errors.js';
import type { ReceiptKind } from './templates/receipt-email.js';

export interface ReceiptRow {
  id: string;
  kind: ReceiptKind;
  source_ref: string;
  number: string;
  amount: string;
  issued_at: Date;
  sent_at: Date | null;
}

export interface NewReceipt {
  donationId: string;
  kind: ReceiptKind;
  sourceRef: string;
  amount: number;
  currency: string;
  year: number;
}

const RECEIPT_COLUMNS = 'id, kind, source_ref, number, amount, issued_at, sent_at';

/** receipts and receipt_counters. */
@Injectable()
export class ReceiptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(kind: ReceiptKind, sourceRef: string): Promise<ReceiptRow | undefined> {
    const [row] = await this.dataSource.query(`SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE kind = $1 AND source_ref = $2`, [kind, sourceRef]);
    return row;
  }

  /**
   * Takes the year's next number and inserts the receipt in one statement, outside any transaction: the counter row
   * is locked only while PostgreSQL runs it, not across round trips to this process, so concurrent issuers queue
   * for microseconds. If the receipt exists already (a concurrent run of the same job), the statement fails as a
   * whole, the number is not used, and the existing receipt is returned.
   */
  async insertNumbered(receipt: NewReceipt): Promise<ReceiptRow> {
    try {
      const [row] = await this.dataSource.query(
        `WITH counter AS (
           INSERT INTO receipt_counters (year, last_number) VALUES ($6, 1)
           ON CONFLICT (year) DO UPDATE SET last_number = receipt_counters.last_number + 1 RETURNING last_number)
         INSERT INTO receipts (donation_id, kind, source_ref, number, year, sequence, amount, currency)
         SELECT $1, $2, $3, format('KZ-%s-%s', $6, lpad(last_number::text, greatest(6, length(last_number::text)), '0')), $6, last_number, $4, $5
           FROM counter
         RETURNING ${RECEIPT_COLUMNS}`,
        [receipt.donationId, receipt.kind, receipt.sourceRef, receipt.amount, receipt.currency, receipt.year],
      );
      return row;
    } catch (error) {
      const existing = isUniqueViolation(error) ? await this.find(receipt.kind, receipt.sourceRef) : undefined;
      if (!existing) throw error;
      return existing;
    }
  }
}
