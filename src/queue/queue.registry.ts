import type { JobsOptions } from 'bullmq';

/**
 * Every queue, job name and payload in one place, so `enqueue(JobName.X, payload)` is checked by the compiler.
 * Job names are stored in Redis and in outbox rows: renaming one is a breaking change.
 */
export enum QueueName {
  Maintenance = 'maintenance',
  StripeSync = 'stripe-sync',
  Receipts = 'receipts',
  CampaignEvents = 'campaign-events',
  UpdateEmails = 'update-emails',
  Reconciliation = 'reconciliation',
}

export enum JobName {
  WorkerHeartbeat = 'worker.heartbeat',
  SyncBalanceTransactions = 'stripe.sync-balance-transactions',
  IssueReceipt = 'receipts.issue',
  CheckMilestones = 'campaigns.check-milestones',
  FanOutUpdate = 'updates.fan-out',
  SendUpdateEmail = 'updates.send-email',
  ReconcileRun = 'reconciliation.run',
}

export interface JobPayloads {
  [JobName.WorkerHeartbeat]: Record<string, never>;
  [JobName.SyncBalanceTransactions]: { reason: string };
  /** A receipt for a succeeded donation, or, with refundId, a correction or cancellation after a refund. */
  [JobName.IssueReceipt]: { donationId: string; refundId?: string };
  [JobName.CheckMilestones]: { campaignId: string };
  [JobName.FanOutUpdate]: { updateId: string };
  [JobName.SendUpdateEmail]: { deliveryId: string };
  [JobName.ReconcileRun]: { runId: string };
}

export interface JobDefinition {
  queue: QueueName;
  options: JobsOptions;
}

const RETRY: JobsOptions = { attempts: 8, backoff: { type: 'exponential', delay: 1_000 } };
// Finished jobs leave Redis soon: PostgreSQL keeps the record (outbox, receipts, deliveries).
const KEEP_BRIEFLY: JobsOptions = { ...RETRY, removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } };

export const JOBS: Record<JobName, JobDefinition> = {
  [JobName.WorkerHeartbeat]: { queue: QueueName.Maintenance, options: { attempts: 1, removeOnComplete: 10, removeOnFail: 100 } },
  [JobName.SyncBalanceTransactions]: { queue: QueueName.StripeSync, options: { ...RETRY, removeOnComplete: 100, removeOnFail: 1000 } },
  [JobName.IssueReceipt]: { queue: QueueName.Receipts, options: KEEP_BRIEFLY },
  [JobName.CheckMilestones]: { queue: QueueName.CampaignEvents, options: KEEP_BRIEFLY },
  [JobName.FanOutUpdate]: { queue: QueueName.CampaignEvents, options: KEEP_BRIEFLY },
  [JobName.SendUpdateEmail]: { queue: QueueName.UpdateEmails, options: KEEP_BRIEFLY },
  // A failed run is recorded as failed; finance starts another rather than the queue retrying it.
  [JobName.ReconcileRun]: { queue: QueueName.Reconciliation, options: { ...KEEP_BRIEFLY, attempts: 1 } },
};

export const QUEUES: Record<QueueName, { concurrency: number }> = {
  [QueueName.Maintenance]: { concurrency: 1 },
  // One sync at a time: runs share a cursor, and Stripe's rate limit is per account.
  [QueueName.StripeSync]: { concurrency: 1 },
  [QueueName.Receipts]: { concurrency: 16 },
  [QueueName.CampaignEvents]: { concurrency: 4 },
  // Sending is also limited to UPDATE_EMAILS_PER_SECOND across all workers (see QueueWorkers).
  [QueueName.UpdateEmails]: { concurrency: 16 },
  [QueueName.Reconciliation]: { concurrency: 1 },
};

export const DEFAULT_JOB_OPTIONS = RETRY;
