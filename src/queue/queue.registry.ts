import type { JobsOptions } from 'bullmq';

/**
 * Every queue, job name and payload in one place, so `enqueue(JobName.X, payload)` is checked by the compiler.
 * Job names are stored in Redis and in outbox rows: renaming one is a breaking change.
 */
export enum QueueName {
  Maintenance = 'maintenance',
  StripeSync = 'stripe-sync',
}

export enum JobName {
  WorkerHeartbeat = 'worker.heartbeat',
  SyncBalanceTransactions = 'stripe.sync-balance-transactions',
}

export interface JobPayloads {
  [JobName.WorkerHeartbeat]: Record<string, never>;
  [JobName.SyncBalanceTransactions]: { reason: string };
}

export interface JobDefinition {
  queue: QueueName;
  options: JobsOptions;
}

const RETRY: JobsOptions = { attempts: 8, backoff: { type: 'exponential', delay: 1_000 } };

export const JOBS: Record<JobName, JobDefinition> = {
  [JobName.WorkerHeartbeat]: { queue: QueueName.Maintenance, options: { attempts: 1, removeOnComplete: 10, removeOnFail: 100 } },
  [JobName.SyncBalanceTransactions]: { queue: QueueName.StripeSync, options: { ...RETRY, removeOnComplete: 100, removeOnFail: 1000 } },
};

export const QUEUES: Record<QueueName, { concurrency: number }> = {
  [QueueName.Maintenance]: { concurrency: 1 },
  // One sync at a time: runs share a cursor, and Stripe's rate limit is per account.
  [QueueName.StripeSync]: { concurrency: 1 },
};

export const DEFAULT_JOB_OPTIONS = RETRY;
