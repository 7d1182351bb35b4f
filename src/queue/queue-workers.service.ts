import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { OutboxRepository } from './outbox.repository.js';
import { OUTBOX_JOB_PREFIX } from './outbox.service.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { JOB_HANDLER, JobHandler, checkJobHandlers } from './job-handler.js';
import { DEFAULT_JOB_OPTIONS, JobName, MAIL_BACKOFF, QUEUES, QueueName, mailJobRetryDelayMs } from './queue.registry.js';
import { workerConnection } from './redis-connections.js';

/**
 * Finished outbox rows are marked in one statement per this interval rather than one per job. Marks lost in a
 * crash are recovered by the outbox relay's sweep when a worker starts: it finds those jobs completed in Redis.
 */
const COMPLETION_FLUSH_MS = 200;

/** Runs in the worker process only: one BullMQ worker per queue, dispatching each job to its handler. */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('QueueWorkers');
  private readonly workers: Worker[] = [];
  private connection: Redis | undefined;
  private completedOutboxIds: string[] = [];
  private completionTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly outbox: OutboxRepository,
  ) {}

  onApplicationBootstrap(): void {
    const registrations = this.findHandlers();
    checkJobHandlers(
      Object.values(JobName),
      registrations.map((r) => r.jobName),
    );
    const handlers = new Map(registrations.map((r) => [r.jobName, r.handler]));
    this.connection = workerConnection(this.config.REDIS_URL);
    for (const queue of Object.values(QueueName)) {
      const worker = new Worker(queue, (job: Job) => this.run(handlers, job), {
        connection: this.connection,
        prefix: this.config.REDIS_PREFIX,
        concurrency: QUEUES[queue].concurrency,
        lockDuration: this.config.QUEUE_LOCK_MS,
        stalledInterval: this.config.QUEUE_LOCK_MS,
        // A job whose worker died (a kill, an OOM) is taken up again as often as a failing job is retried. BullMQ's
        // default, 1, failed it for good the second time, its outbox row stayed unfinished (the relay cannot enqueue
        // that job id again) and its receipt was never sent.
        maxStalledCount: DEFAULT_JOB_OPTIONS.attempts,
        ...(queue === QueueName.UpdateEmails && { limiter: { max: this.config.UPDATE_EMAILS_PER_SECOND, duration: 1000 } }),
        settings: { backoffStrategy: (failures: number, type?: string, error?: Error) => this.backoff(failures, type, error) },
      });
      worker.on('failed', (job, error) => void this.recordFailure(queue, job, error));
      worker.on('error', (error) => this.logger.error({ queue, error: error.message }, 'worker error'));
      this.workers.push(worker);
    }
    this.completionTimer = setInterval(() => void this.markCompleted(), COMPLETION_FLUSH_MS);
  }

  /** Waits for running jobs to finish before the connection closes. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    clearInterval(this.completionTimer);
    await this.markCompleted();
    this.connection?.disconnect();
  }

  /** Jobs that mail wait out an absent mail server for days, with growing waits (MAIL_RETRY_DELAYS_MS). */
  private backoff(failures: number, type?: string, error?: Error): number {
    if (type !== MAIL_BACKOFF) throw new Error(`unknown backoff strategy ${type}`);
    return mailJobRetryDelayMs(failures, this.config.MAIL_RETRY_SCALE, error);
  }

  private findHandlers(): { jobName: JobName; handler: JobHandler<JobName> }[] {
    return this.discovery.getProviders().flatMap((wrapper) => {
      const jobName = wrapper.metatype && this.reflector.get<JobName | undefined>(JOB_HANDLER, wrapper.metatype);
      return jobName && wrapper.instance ? [{ jobName, handler: wrapper.instance as JobHandler<JobName> }] : [];
    });
  }

  private async run(handlers: Map<JobName, JobHandler<JobName>>, job: Job): Promise<void> {
    const handler = handlers.get(job.name as JobName);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    await handler.handle(job.data, job);
    const outboxId = this.outboxId(job);
    // The outbox row is finished only once its job has done its work.
    if (outboxId) this.completedOutboxIds.push(outboxId);
  }

  private async markCompleted(): Promise<void> {
    if (!this.completedOutboxIds.length) return;
    const ids = this.completedOutboxIds.splice(0);
    try {
      await this.outbox.markCompleted(ids);
    } catch (error) {
      this.logger.warn({ error: (error as Error).message, rows: ids.length }, 'could not mark outbox rows completed; will try again');
      this.completedOutboxIds.push(...ids);
    }
  }

  /**
   * The final failure of a job is kept where staff can see it: on its outbox row, and in Bull Board. Final means
   * BullMQ put it in its failed set: attempts spent, an unrecoverable error, or stalled more often than allowed.
   */
  private async recordFailure(queue: string, job: Job | undefined, error: Error): Promise<void> {
    const final = job !== undefined && (await job.isFailed().catch(() => job.attemptsMade >= (job.opts.attempts ?? 1)));
    this.logger.warn({ queue, job: job?.name, id: job?.id, attempt: job?.attemptsMade, final, error: error.message }, 'job failed');
    const outboxId = job && this.outboxId(job);
    if (final && outboxId) {
      await this.outbox.markFailed(outboxId, error.message).catch((dbError: Error) => this.logger.error({ error: dbError.message }, 'could not record a job failure'));
    }
  }

  private outboxId(job: Job): string | null {
    return job.id?.startsWith(OUTBOX_JOB_PREFIX) ? job.id.slice(OUTBOX_JOB_PREFIX.length) : null;
  }
}
