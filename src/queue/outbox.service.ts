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

  async addMany<J extends JobName>(tx: EntityManager, jobName: J, payloads: JobPayloads[J][]): Promise<void> {
    if (payloads.length) await this.outbox.insertSameJob(tx, jobName, payloads);
  }
}
