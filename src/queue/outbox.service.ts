import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobName, JobPayloads } from './queue.registry.js';

export const OUTBOX_JOB_PREFIX = 'outbox-';

/**
 * Work for the queues, written in the same database transaction as the change that causes it:
 * if the change commits, the work will happen (the relay moves it to BullMQ); if not, it never existed.
 */
@Injectable()
export class OutboxService {
  async add<J extends JobName>(tx: EntityManager, jobName: J, payload: JobPayloads[J]): Promise<void> {
    await tx.query(`INSERT INTO outbox (job_name, payload) VALUES ($1, $2)`, [jobName, JSON.stringify(payload)]);
  }

  async addMany<J extends JobName>(tx: EntityManager, jobName: J, payloads: JobPayloads[J][]): Promise<void> {
    if (!payloads.length) return;
    await tx.query(`INSERT INTO outbox (job_name, payload) SELECT $1, p FROM jsonb_array_elements($2::jsonb) AS p`, [jobName, JSON.stringify(payloads)]);
  }
}
