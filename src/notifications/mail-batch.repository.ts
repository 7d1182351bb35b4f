import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export type BatchTable = 'receipts' | 'update_deliveries';

/** The id column's type, so that the statements below keep to the primary key's index. */
const ID_TYPE: Record<BatchTable, string> = { receipts: 'uuid', update_deliveries: 'bigint' };

/**
 * The sending record of receipts and update_deliveries, many rows per statement: what the batch sender claims, keeps,
 * and marks sent or failed. The same columns as the one-at-a-time claims (SendClaimsRepository), so both kinds of
 * sender keep away from each other's documents.
 */
@Injectable()
export class MailBatchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async renew(table: BatchTable, ids: string[], leaseMs: number): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(`UPDATE ${table} SET send_claimed_until = now() + make_interval(secs => $2 / 1000.0) WHERE id = ANY($1::${ID_TYPE[table]}[]) AND sent_at IS NULL`, [
      ids,
      leaseMs,
    ]);
  }

  async markSent(table: BatchTable, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(
      `UPDATE ${table} SET sent_at = COALESCE(sent_at, now()), send_claimed_until = NULL, failed_at = NULL, send_due_at = NULL WHERE id = ANY($1::${ID_TYPE[table]}[])`,
      [ids],
    );
  }

  /**
   * Counts a failed attempt of each and lets its claim go. A row is due again after the mail retry wait for its number
   * of failures (`delaysMs[failures - 1]`); at `attempts` failures it is marked failed, for the sweep and the admins.
   */
  async markFailed(table: BatchTable, failures: { id: string; error: string }[], attempts: number, delaysMs: number[]): Promise<void> {
    if (!failures.length) return;
    await this.dataSource.query(
      `UPDATE ${table} t SET send_claimed_until = NULL, send_attempts = t.send_attempts + 1, last_error = f.error,
              failed_at = CASE WHEN t.send_attempts + 1 >= $3 THEN now() ELSE t.failed_at END,
              send_due_at = CASE WHEN t.send_attempts + 1 >= $3 THEN NULL
                                 ELSE now() + make_interval(secs => ($4::float8[])[least(t.send_attempts + 1, cardinality($4::float8[]))] / 1000.0) END
         FROM unnest($1::${ID_TYPE[table]}[], $2::text[]) AS f(id, error)
        WHERE t.id = f.id AND t.sent_at IS NULL`,
      [failures.map((f) => f.id), failures.map((f) => f.error.slice(0, 2000)), attempts, delaysMs],
    );
  }

  /** Lets claims go without counting an attempt: the rows are due again at once. */
  async release(table: BatchTable, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.dataSource.query(`UPDATE ${table} SET send_claimed_until = NULL WHERE id = ANY($1::${ID_TYPE[table]}[]) AND sent_at IS NULL`, [ids]);
  }
}
