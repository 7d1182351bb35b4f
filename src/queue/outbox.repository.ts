import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { JobName } from './queue.registry.js';

export interface OutboxRow {
  id: string;
  job_name: JobName;
  payload: unknown;
  batch_job: JobName | null;
}

/** Which unfinished rows a relay pass claims: new ones, those after a sweep's cursor, or those enqueued long ago. */
export type OutboxDue = { kind: 'new' } | { kind: 'sweep'; afterId: string } | { kind: 'enqueued_before'; ageMs: number };

const DUE_CONDITIONS: Record<OutboxDue['kind'], string> = {
  new: `enqueued_at IS NULL`,
  sweep: `enqueued_at IS NOT NULL AND id > $2`,
  enqueued_before: `enqueued_at < now() - make_interval(secs => $2 / 1000.0)`,
};

function dueParameter(due: OutboxDue): unknown[] {
  if (due.kind === 'sweep') return [due.afterId];
  if (due.kind === 'enqueued_before') return [due.ageMs];
  return [];
}

/** The outbox table: work for the queues, written in the transaction of the change that causes it. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Any number of jobs in one statement. */
  async insert(tx: EntityManager, jobs: { name: JobName; payload: unknown }[]): Promise<void> {
    await tx.query(`INSERT INTO outbox (job_name, payload) SELECT * FROM unnest($1::text[], $2::jsonb[])`, [
      jobs.map((job) => job.name),
      jobs.map((job) => JSON.stringify(job.payload)),
    ]);
  }

  async insertSameJob(tx: EntityManager, jobName: JobName, payloads: unknown[]): Promise<void> {
    await tx.query(`INSERT INTO outbox (job_name, payload) SELECT $1, p FROM jsonb_array_elements($2::jsonb) AS p`, [jobName, JSON.stringify(payloads)]);
  }

  /** Up to `limit` unfinished rows that are due, locked; rows another relay holds are skipped. */
  claim(tx: EntityManager, due: OutboxDue, limit: number): Promise<OutboxRow[]> {
    return tx.query(
      `SELECT id, job_name, payload, batch_job FROM outbox WHERE completed_at IS NULL AND failed_at IS NULL AND ${DUE_CONDITIONS[due.kind]}
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit, ...dueParameter(due)],
    );
  }

  /** Rows handed to a batch job: enqueued as far as the relay is concerned, taken by the batch itself. */
  async markBatched(tx: EntityManager, ids: string[], batchJob: JobName): Promise<void> {
    if (ids.length) await tx.query(`UPDATE outbox SET enqueued_at = now(), batch_job = $2 WHERE id = ANY($1::bigint[])`, [ids, batchJob]);
  }

  /** Up to `limit` unfinished rows handed to this batch job, locked until `tx` ends; rows another batch holds are skipped. */
  takeBatch(tx: EntityManager, batchJob: JobName, limit: number): Promise<{ id: string; payload: unknown }[]> {
    return tx.query(`SELECT id, payload FROM outbox WHERE batch_job = $1 AND completed_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`, [
      batchJob,
      limit,
    ]);
  }

  async markEnqueued(tx: EntityManager, ids: string[]): Promise<void> {
    if (ids.length) await tx.query(`UPDATE outbox SET enqueued_at = now() WHERE id = ANY($1::bigint[])`, [ids]);
  }

  async markCompleted(ids: string[], tx: EntityManager = this.dataSource.manager): Promise<void> {
    if (ids.length) await tx.query(`UPDATE outbox SET completed_at = now() WHERE id = ANY($1::bigint[]) AND completed_at IS NULL`, [ids]);
  }

  /** A job that failed for good: its row is finished as failed, with why, for staff to see. */
  async markFailed(id: string, error: string, tx: EntityManager = this.dataSource.manager): Promise<void> {
    await tx.query(`UPDATE outbox SET failed_at = now(), last_error = $2 WHERE id = $1 AND completed_at IS NULL`, [id, error.slice(0, 2000)]);
  }
}
