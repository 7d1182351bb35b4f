import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { updateReturning } from '../database/update-returning.js';
import type { SendableDocument } from './send-once.js';

type SendTable = 'receipts' | 'annual_receipts' | 'update_deliveries' | 'pledge_emails';

/** What besides sent_at means a row is never to be mailed. */
const NEVER_SEND: Record<SendTable, string> = { receipts: 'withdrawn_at', annual_receipts: 'withdrawn_at', update_deliveries: 'skipped_at', pledge_emails: 'skipped_at' };

/** The claim on one row of a table with sent_at, send_claimed_until and the sending record (receipts, update_deliveries, pledge_emails). */
@Injectable()
export class SendClaimsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  claimOf(table: SendTable, id: string): SendableDocument {
    const db = this.dataSource;
    const never = NEVER_SEND[table];
    return {
      claim: async (leaseMs) => {
        const rows = await updateReturning(
          db,
          `UPDATE ${table} SET send_claimed_until = now() + make_interval(secs => $2 / 1000.0)
          WHERE id = $1 AND sent_at IS NULL AND ${never} IS NULL AND (send_claimed_until IS NULL OR send_claimed_until < now()) RETURNING id`,
          [id, leaseMs],
        );
        return rows.length > 0;
      },
      renew: async (leaseMs) => {
        await db.query(`UPDATE ${table} SET send_claimed_until = now() + make_interval(secs => $2 / 1000.0) WHERE id = $1 AND sent_at IS NULL`, [id, leaseMs]);
      },
      markSent: async () => {
        await db.query(`UPDATE ${table} SET sent_at = COALESCE(sent_at, now()), send_claimed_until = NULL, failed_at = NULL WHERE id = $1`, [id]);
      },
      markFailed: async (error, final) => {
        await db.query(
          `UPDATE ${table} SET send_claimed_until = NULL, send_attempts = send_attempts + 1, last_error = $2,
                  failed_at = CASE WHEN $3 THEN now() ELSE failed_at END
            WHERE id = $1 AND sent_at IS NULL`,
          [id, error.slice(0, 2000), final],
        );
      },
      isFinished: async () => {
        const [row] = await db.query(`SELECT sent_at IS NOT NULL OR ${never} IS NOT NULL AS finished FROM ${table} WHERE id = $1`, [id]);
        return Boolean(row?.finished);
      },
    };
  }
}
