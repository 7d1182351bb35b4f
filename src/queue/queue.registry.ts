import type { JobsOptions } from 'bullmq';

/**
 * Every queue, job name and payload in one place, so `enqueue(JobName.X, payload)` is checked by the compiler.
 * Job names are stored in Redis and in outbox rows: renaming one is a breaking change.
 */
export enum QueueName {
  Maintenance = 'maintenance',
}

export enum JobName {
  WorkerHeartbeat = 'worker.heartbeat',
}

export interface JobPayloads {
  [JobName.WorkerHeartbeat]: Record<string, never>;
}

export interface JobDefinition {
  queue: QueueName;
  options: JobsOptions;
}

const RETRY: JobsOptions = { attempts: 8, backoff: { type: 'exponential', delay: 1_000 } };

export const JOBS: Record<JobName, JobDefinition> = {
  [JobName.WorkerHeartbeat]: { queue: QueueName.Maintenance, options: { attempts: 1, removeOnComplete: 10, removeOnFail: 100 } },
};

export const QUEUES: Record<QueueName, { concurrency: number }> = {
  [QueueName.Maintenance]: { concurrency: 1 },
};

export const DEFAULT_JOB_OPTIONS = RETRY;
