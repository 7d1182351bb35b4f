import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { OUTBOX_JOB_PREFIX } from './outbox.service.js';
import { QueueProducer } from './queue-producer.service.js';
import { JOBS, type JobName } from './queue.registry.js';

const BATCH_SIZE = 500;
const IDLE_POLL_MS = 200;

interface ClaimedRow {
  id: string;
  job_name: JobName;
  payload: unknown;
  enqueued_at: Date | null;
}

/**
 * Moves outbox rows into BullMQ, with jobId = outbox id so a row enqueued twice is one job. A row stays
 * unfinished until its job completes (QueueWorkers marks it); one enqueued longer ago than
 * OUTBOX_REENQUEUE_AFTER_MS is enqueued again, which is how a Redis restarted empty loses nothing.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** Claims and enqueues one batch; returns how many rows it moved. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows: ClaimedRow[] = await tx.query(
        `SELECT id, job_name, payload, enqueued_at FROM outbox
          WHERE completed_at IS NULL AND failed_at IS NULL
            AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => $1 / 1000.0))
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [this.config.OUTBOX_REENQUEUE_AFTER_MS, BATCH_SIZE],
      );
      if (!rows.length) return 0;
      const done = await this.completedInRedis(rows.filter((row) => row.enqueued_at !== null));
      // If Redis refuses, the transaction rolls back and the rows wait for the next pass.
      await this.enqueue(rows.filter((row) => !done.has(row.id)));
      await tx.query(`UPDATE outbox SET enqueued_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      if (done.size) await tx.query(`UPDATE outbox SET completed_at = now() WHERE id = ANY($1::bigint[])`, [[...done]]);
      return rows.length;
    });
  }

  /**
   * Rows enqueued before whose job Redis holds as completed: the work was done, only the row's mark was lost (the
   * worker writes marks in batches and was killed before one). Enqueuing such a row again would be a no-op, since
   * the completed job keeps its id, and the row would stay unfinished.
   */
  private async completedInRedis(rows: ClaimedRow[]): Promise<Set<string>> {
    const states = await Promise.all(
      rows.map((row) => this.producer.queue(JOBS[row.job_name].queue).getJobState(`${OUTBOX_JOB_PREFIX}${row.id}`)),
    );
    return new Set(rows.filter((_, i) => states[i] === 'completed').map((row) => row.id));
  }

  private async enqueue(rows: ClaimedRow[]): Promise<void> {
    const byQueue = new Map<string, ClaimedRow[]>();
    for (const row of rows) byQueue.set(JOBS[row.job_name].queue, [...(byQueue.get(JOBS[row.job_name].queue) ?? []), row]);
    for (const [, queueRows] of byQueue) {
      const definition = JOBS[queueRows[0].job_name];
      await this.producer.queue(definition.queue).addBulk(
        queueRows.map((row) => ({ name: row.job_name, data: row.payload, opts: { ...JOBS[row.job_name].options, jobId: `${OUTBOX_JOB_PREFIX}${row.id}` } })),
      );
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moved = 0;
      try {
        moved = await this.relayOnce();
      } catch (error) {
        this.logger.warn({ error: (error as Error).message }, 'outbox relay pass failed; retrying');
      }
      if (moved < BATCH_SIZE) await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  }
}
