import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { updateReturning } from '../database/update-returning.js';
import type { SendableDocument } from './send-once.js';

/** The claim on one row of a table with sent_at and send_claimed_until (receipts, update_deliveries). */
@Injectable()
export class SendClaimsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  claimOf(table: 'receipts' | 'update_deliveries', id: string): SendableDocument {
    const db = this.dataSource;
    return {
      claim: async (leaseMs) => {
        const rows = await updateReturning(
          db,
          `UPDATE ${table} SET send_claimed_until = now() + make_interval(secs => $2 / 1000.0)
          WHERE id = $1 AND sent_at IS NULL AND (send_claimed_until IS NULL OR send_claimed_until < now()) RETURNING id`,
          [id, leaseMs],
        );
        return rows.length > 0;
      },
      renew: async (leaseMs) => {
        await db.query(`UPDATE ${table} SET send_claimed_until = now() + make_interval(secs => $2 / 1000.0) WHERE id = $1 AND sent_at IS NULL`, [id, leaseMs]);
      },
      markSent: async () => {
        await db.query(`UPDATE ${table} SET sent_at = COALESCE(sent_at, now()), send_claimed_until = NULL WHERE id = $1`, [id]);
      },
      isSent: async () => {
        const [row] = await db.query(`SELECT sent_at FROM ${table} WHERE id = $1`, [id]);
        return Boolean(row?.sent_at);
      },
    };
  }
}
