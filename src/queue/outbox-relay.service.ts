import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { type OutboxRow, OutboxRepository } from './outbox.repository.js';
import { OUTBOX_JOB_PREFIX } from './outbox.service.js';
import { QueueProducer } from './queue-producer.service.js';
import { BATCHED_BY, JOBS, type JobName } from './queue.registry.js';

const BATCH_SIZE = 500;
const IDLE_POLL_MS = 200;

/**
 * Moves outbox rows into BullMQ, with jobId = outbox id so a row enqueued twice is one job. A row stays unfinished
 * until its job completes (QueueWorkers marks it, in batches).
 *
 * Rows already enqueued are checked against Redis (their job re-added if Redis lost it, the row finished if the job
 * completed but its mark was lost, or marked failed if BullMQ failed it for good) in two cases only, so that a long backlog waiting its turn is left alone:
 * - a sweep of every enqueued row when this relay starts (a crashed worker's lost marks) and whenever Redis has
 *   lost its data, seen by a marker key that disappears with it;
 * - a row enqueued longer ago than OUTBOX_REENQUEUE_AFTER_MS, a safety net for a partial loss (a failover to a
 *   replica that lagged).
 *
 * A row whose work is done in batches (BATCHED_BY) gets no job of its own: it is marked with its batch job, which
 * takes it from the outbox and finishes it in the transaction that does its work. The relay adds that batch job once
 * per pass that found such rows, new or due a check (a Redis that lost the batch job loses nothing: the rows wait).
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
    private readonly outbox: OutboxRepository,
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
    const batchJobs = new Set<JobName>();
    const handled = (await this.enqueueNewRows(batchJobs)) + (await this.recheckEnqueuedRows(batchJobs));
    // After the commit, so that the batch finds the rows it was added for.
    await this.addBatchJobs(batchJobs);
    return handled;
  }

  private enqueueNewRows(batchJobs: Set<JobName>): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows = await this.outbox.claim(tx, { kind: 'new' }, BATCH_SIZE);
      const single: OutboxRow[] = [];
      const batched = new Map<JobName, string[]>();
      for (const row of rows) {
        const batch = BATCHED_BY[row.job_name];
        if (batch?.takes(row.payload)) batched.set(batch.job, [...(batched.get(batch.job) ?? []), row.id]);
        else single.push(row);
      }
      // If Redis refuses, the transaction rolls back and the rows wait for the next pass.
      await this.enqueue(single);
      await this.outbox.markEnqueued(
        tx,
        single.map((r) => r.id),
      );
      for (const [job, ids] of batched) {
        await this.outbox.markBatched(tx, ids, job);
        batchJobs.add(job);
      }
      return rows.length;
    });
  }

  private async addBatchJobs(jobs: Set<JobName>): Promise<void> {
    for (const job of jobs) {
      try {
        await this.producer.enqueue(job, {} as never);
      } catch (error) {
        // The rows wait in the outbox: the batch's schedule or the next pass adds it.
        this.logger.warn({ job, error: (error as Error).message }, 'could not add a batch job');
      }
    }
  }

  private recheckEnqueuedRows(batchJobs: Set<JobName>): Promise<number> {
    const sweeping = this.sweepAfterId !== null;
    return this.dataSource.transaction(async (tx) => {
      const due = sweeping ? { kind: 'sweep' as const, afterId: this.sweepAfterId! } : { kind: 'enqueued_before' as const, ageMs: this.config.OUTBOX_REENQUEUE_AFTER_MS };
      const claimed = await this.outbox.claim(tx, due, BATCH_SIZE);
      // A row waiting for its batch has no job of its own to look for: its batch job is added again.
      for (const row of claimed) if (row.batch_job) batchJobs.add(row.batch_job);
      const rows = claimed.filter((row) => !row.batch_job);
      const states = await this.jobStates(rows);
      const lost = rows.filter((_, i) => states[i] === 'unknown');
      const completed = rows.filter((_, i) => states[i] === 'completed');
      const failed = rows.filter((_, i) => states[i] === 'failed');
      await this.enqueue(lost);
      await this.outbox.markEnqueued(
        tx,
        claimed.map((r) => r.id),
      );
      await this.outbox.markCompleted(
        completed.map((r) => r.id),
        tx,
      );
      // A job in BullMQ's failed set is final (attempts spent, stalled too often): its row says so.
      for (const row of failed) await this.outbox.markFailed(row.id, await this.failedReason(row), tx);
      if (lost.length || completed.length || failed.length) {
        this.logger.log({ reEnqueued: lost.length, marksRecovered: completed.length, failed: failed.length }, 'outbox rows recovered');
      }
      if (sweeping) this.sweepAfterId = claimed.length < BATCH_SIZE ? null : claimed[claimed.length - 1].id;
      return claimed.length;
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

  private jobStates(rows: OutboxRow[]): Promise<string[]> {
    return Promise.all(rows.map((row) => this.producer.queue(JOBS[row.job_name].queue).getJobState(`${OUTBOX_JOB_PREFIX}${row.id}`)));
  }

  private async failedReason(row: OutboxRow): Promise<string> {
    const job = await this.producer.queue(JOBS[row.job_name].queue).getJob(`${OUTBOX_JOB_PREFIX}${row.id}`);
    return job?.failedReason || 'the job failed in BullMQ';
  }

  private async enqueue(rows: OutboxRow[]): Promise<void> {
    const byQueue = new Map<string, OutboxRow[]>();
    for (const row of rows) byQueue.set(JOBS[row.job_name].queue, [...(byQueue.get(JOBS[row.job_name].queue) ?? []), row]);
    for (const [, queueRows] of byQueue) {
      const definition = JOBS[queueRows[0].job_name];
      await this.producer
        .queue(definition.queue)
        .addBulk(queueRows.map((row) => ({ name: row.job_name, data: row.payload, opts: { ...JOBS[row.job_name].options, jobId: `${OUTBOX_JOB_PREFIX}${row.id}` } })));
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
