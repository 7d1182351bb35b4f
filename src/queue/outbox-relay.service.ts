import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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
}

/**
 * Moves outbox rows into BullMQ, with jobId = outbox id so a row enqueued twice is one job. A row stays unfinished
 * until its job completes (QueueWorkers marks it, in batches).
 *
 * Rows already enqueued are checked against Redis (their job re-added if Redis lost it, the row finished if the job
 * completed but its mark was lost) in two cases only, so that a long backlog waiting its turn is left alone:
 * - a sweep of every enqueued row when this relay starts (a crashed worker's lost marks) and whenever Redis has
 *   lost its data, seen by a marker key that disappears with it;
 * - a row enqueued longer ago than OUTBOX_REENQUEUE_AFTER_MS, a safety net for a partial loss (a failover to a
 *   replica that lagged).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop: Promise<void> | undefined;
  /** The marker value this relay last saw in Redis; undefined until the first sweep has begun. */
  private redisEpoch: string | undefined;
  /** While sweeping: the last outbox id checked; null when no sweep is under way. */
  private sweepAfterId: string | null = null;

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

  /** One pass: new rows first, then rows due a check against Redis. Returns how many rows it handled. */
  async relayOnce(): Promise<number> {
    await this.startSweepIfRedisWasEmptied();
    return (await this.enqueueNewRows()) + (await this.recheckEnqueuedRows());
  }

  private enqueueNewRows(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows = await this.claim(tx, `enqueued_at IS NULL`, []);
      // If Redis refuses, the transaction rolls back and the rows wait for the next pass.
      await this.enqueue(rows);
      await this.markEnqueued(tx, rows);
      return rows.length;
    });
  }

  private recheckEnqueuedRows(): Promise<number> {
    const sweeping = this.sweepAfterId !== null;
    return this.dataSource.transaction(async (tx) => {
      const rows = sweeping
        ? await this.claim(tx, `enqueued_at IS NOT NULL AND id > $2`, [this.sweepAfterId])
        : await this.claim(tx, `enqueued_at < now() - make_interval(secs => $2 / 1000.0)`, [this.config.OUTBOX_REENQUEUE_AFTER_MS]);
      const states = await this.jobStates(rows);
      const lost = rows.filter((_, i) => states[i] === 'unknown');
      const completed = rows.filter((_, i) => states[i] === 'completed');
      await this.enqueue(lost);
      await this.markEnqueued(tx, rows);
      if (completed.length) await tx.query(`UPDATE outbox SET completed_at = now() WHERE id = ANY($1::bigint[])`, [completed.map((r) => r.id)]);
      if (lost.length || completed.length) this.logger.log({ reEnqueued: lost.length, marksRecovered: completed.length }, 'outbox rows recovered');
      if (sweeping) this.sweepAfterId = rows.length < BATCH_SIZE ? null : rows[rows.length - 1].id;
      return rows.length;
    });
  }

  /** Redis keeps a marker the relay wrote; if it is gone (or another relay wrote a new one), Redis lost its data. */
  private async startSweepIfRedisWasEmptied(): Promise<void> {
    const key = `${this.config.REDIS_PREFIX}:outbox-relay:epoch`;
    const connection = this.producer.connection;
    await connection.set(key, randomUUID(), 'NX');
    const epoch = (await connection.get(key)) ?? undefined;
    if (epoch === this.redisEpoch) return;
    if (this.redisEpoch !== undefined) this.logger.warn('Redis lost its data; checking every enqueued outbox row');
    this.redisEpoch = epoch;
    this.sweepAfterId = '0';
  }

  private claim(tx: EntityManager, due: string, params: unknown[]): Promise<ClaimedRow[]> {
    return tx.query(
      `SELECT id, job_name, payload FROM outbox WHERE completed_at IS NULL AND failed_at IS NULL AND ${due}
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [BATCH_SIZE, ...params],
    );
  }

  private jobStates(rows: ClaimedRow[]): Promise<string[]> {
    return Promise.all(rows.map((row) => this.producer.queue(JOBS[row.job_name].queue).getJobState(`${OUTBOX_JOB_PREFIX}${row.id}`)));
  }

  private async markEnqueued(tx: EntityManager, rows: ClaimedRow[]): Promise<void> {
    if (rows.length) await tx.query(`UPDATE outbox SET enqueued_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
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
      let handled = 0;
      try {
        handled = await this.relayOnce();
      } catch (error) {
        this.logger.warn({ error: (error as Error).message }, 'outbox relay pass failed; retrying');
      }
      if (handled < BATCH_SIZE) await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
    }
  }
}
