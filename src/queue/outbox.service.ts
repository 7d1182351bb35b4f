import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxRepository } from './outbox.repository.js';
import type { JobName, JobPayloads } from './queue.registry.js';

export const OUTBOX_JOB_PREFIX = 'outbox-';

/** One job for the outbox: its name and the payload that name takes. */
export type OutboxJob = { [J in JobName]: { name: J; payload: JobPayloads[J] } }[JobName];

/**
 * Work for the queues, written in the same database transaction as the change that causes it:
 * if the change commits, the work will happen (the relay moves it to BullMQ); if not, it never existed.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly outbox: OutboxRepository) {}

  /** Any number of jobs in one statement. */
  async add(tx: EntityManager, ...jobs: OutboxJob[]): Promise<void> {
    await this.outbox.insert(tx, jobs);
  }

  /**
   * For a batch job (BATCHED_BY): up to `limit` of its rows, locked until `tx` ends. The caller finishes each with
   * complete() or fail() in the same transaction as its work, so a crash leaves the row for the next batch.
   */
  async take<J extends JobName>(tx: EntityManager, batchJob: JobName, limit: number): Promise<{ id: string; payload: JobPayloads[J] }[]> {
    return (await this.outbox.takeBatch(tx, batchJob, limit)) as { id: string; payload: JobPayloads[J] }[];
  }

  async complete(tx: EntityManager, ids: string[]): Promise<void> {
    await this.outbox.markCompleted(ids, tx);
  }

  /** A row that cannot be done: finished as failed, with why, for staff to see. */
  async fail(tx: EntityManager, ids: string[], error: string): Promise<void> {
    for (const id of ids) await this.outbox.markFailed(id, error, tx);
  }

  async addMany<J extends JobName>(tx: EntityManager, jobName: J, payloads: JobPayloads[J][]): Promise<void> {
    if (payloads.length) await this.outbox.insertSameJob(tx, jobName, payloads);
  }
}
