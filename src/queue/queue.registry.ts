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
  MailBatches = 'mail-batches',
  CashBalances = 'cash-balances',
}

export enum JobName {
  WorkerHeartbeat = 'worker.heartbeat',
  SyncBalanceTransactions = 'stripe.sync-balance-transactions',
  IssueReceipt = 'receipts.issue',
  CheckMilestones = 'campaigns.check-milestones',
  FanOutUpdate = 'updates.fan-out',
  SendUpdateEmail = 'updates.send-email',
  ReconcileRun = 'reconciliation.run',
  SendReceipt = 'receipts.send',
  ReissueAfterRefundFailure = 'receipts.refund-failed',
  RetryFailedMail = 'mail.retry-failed',
  IssueReceiptBatch = 'receipts.issue-batch',
  SendUpdateBatch = 'updates.send-batch',
  SendPledgeEmail = 'pledges.send-email',
  RemindPledges = 'pledges.remind',
  RefreshCashBalance = 'cash-balances.refresh',
  ReceiptDetailsCorrected = 'receipts.details-corrected',
  RunAnnualReceipts = 'receipts.annual-run',
  ScheduleAnnualReceipts = 'receipts.annual-schedule',
  SendAnnualReceipt = 'receipts.annual-send',
}

/**
 * The emails about a pledge (a konbini voucher or a bank transfer not yet paid): how to pay, a reminder (the day
 * before a voucher's deadline, or days after part of a transfer arrived), what remains after part of a transfer
 * arrived, and a kind word when a voucher expired.
 */
export type PledgeEmailKind = 'instructions' | 'reminder' | 'partial' | 'expired';

export interface JobPayloads {
  [JobName.WorkerHeartbeat]: Record<string, never>;
  [JobName.SyncBalanceTransactions]: { reason: string };
  /** A receipt for a succeeded donation, or, with refundId, a correction or cancellation after a refund. */
  [JobName.IssueReceipt]: { donationId: string; refundId?: string };
  [JobName.CheckMilestones]: { campaignId: string };
  [JobName.FanOutUpdate]: { updateId: string };
  [JobName.SendUpdateEmail]: { deliveryId: string };
  [JobName.ReconcileRun]: { runId: string };
  /** Mails an issued receipt again: the mail sweep and an admin's retry. */
  [JobName.SendReceipt]: { receiptId: string };
  /** A refund failed: a correction or cancellation not yet sent is withdrawn, one already sent is followed by the receipt issued again. */
  [JobName.ReissueAfterRefundFailure]: { donationId: string; refundId: string };
  [JobName.RetryFailedMail]: Record<string, never>;
  /** Numbers, renders and mails the receipts that are due, many at a time; added by the relay, a schedule and itself. */
  [JobName.IssueReceiptBatch]: Record<string, never>;
  /** Mails the update emails that are due, many at a time. */
  [JobName.SendUpdateBatch]: Record<string, never>;
  /** One email about a pledge; `amountRemaining` is the figure it states (a transfer's partial or reminder), else the whole amount. */
  [JobName.SendPledgeEmail]: { donationId: string; kind: PledgeEmailKind; amountRemaining?: number };
  /** Queues the reminders due: vouchers whose deadline is the next day, transfers still partly unpaid (a schedule). */
  [JobName.RemindPledges]: Record<string, never>;
  /**
   * Mirrors a Stripe customer's cash balance as Stripe has it now and, where the customer is in manual reconciliation,
   * applies it to the donor's oldest bank transfers still awaiting money.
   */
  [JobName.RefreshCashBalance]: { customerId: string };
  /** Staff corrected the donor's tax-receipt name and address: the receipt in force is issued again with them, once per correction. */
  [JobName.ReceiptDetailsCorrected]: { donationId: string; correctionId: string };
  /** Issues the annual receipts of a run's year and queues each to be mailed. */
  [JobName.RunAnnualReceipts]: { runId: string };
  /** In January (ANNUAL_RECEIPTS_CRON): starts the run of the year before. */
  [JobName.ScheduleAnnualReceipts]: Record<string, never>;
  /** Mails one annual receipt with its PDF, once. */
  [JobName.SendAnnualReceipt]: { annualReceiptId: string };
}

export interface JobDefinition {
  queue: QueueName;
  options: JobsOptions;
}

const RETRY: JobsOptions = { attempts: 8, backoff: { type: 'exponential', delay: 1_000 } };
// Finished jobs leave Redis soon: PostgreSQL keeps the record (outbox, receipts, deliveries).
const KEEP_BRIEFLY: JobsOptions = { ...RETRY, removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } };

const BATCH: JobsOptions = { attempts: 1, removeOnComplete: true, removeOnFail: { age: 24 * 3600, count: 100 } };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/**
 * The waits between attempts of a job that mails, before MAIL_RETRY_SCALE: a mail server that is away for a night,
 * a weekend or a long outage is waited out for about four days (94 h 21 min) before the document is marked failed.
 */
export const MAIL_RETRY_DELAYS_MS = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 24 * HOUR, 24 * HOUR];
/** The name of the worker's backoff strategy for mail jobs (see QueueWorkers). */
export const MAIL_BACKOFF = 'mail';
/** The name of the error a mail job throws when the mail server did not take a message. */
export const MAIL_DELIVERY_ERROR = 'MailDeliveryError';

/** The wait before the next attempt after `failures` failed ones, scaled (tests shrink days to seconds). */
export function mailRetryDelayMs(failures: number, scale: number): number {
  const index = Math.min(Math.max(failures, 1), MAIL_RETRY_DELAYS_MS.length) - 1;
  return Math.max(1, Math.round(MAIL_RETRY_DELAYS_MS[index] * scale));
}

/**
 * A mail job's wait after a failure: the long schedule when the mail server did not take the message; otherwise
 * (the original receipt not issued yet, another run mailing the same document) a short doubling one, from a second.
 */
export function mailJobRetryDelayMs(failures: number, scale: number, error: Error | undefined): number {
  if (error?.name === MAIL_DELIVERY_ERROR) return mailRetryDelayMs(failures, scale);
  return Math.min(1_000 * 2 ** (Math.max(failures, 1) - 1), 5 * MINUTE);
}

const MAIL_RETRY: JobsOptions = { ...KEEP_BRIEFLY, attempts: MAIL_RETRY_DELAYS_MS.length + 1, backoff: { type: MAIL_BACKOFF } };

export const JOBS: Record<JobName, JobDefinition> = {
  [JobName.WorkerHeartbeat]: { queue: QueueName.Maintenance, options: { attempts: 1, removeOnComplete: 10, removeOnFail: 100 } },
  [JobName.SyncBalanceTransactions]: { queue: QueueName.StripeSync, options: { ...RETRY, removeOnComplete: 100, removeOnFail: 1000 } },
  [JobName.IssueReceipt]: { queue: QueueName.Receipts, options: MAIL_RETRY },
  [JobName.CheckMilestones]: { queue: QueueName.CampaignEvents, options: KEEP_BRIEFLY },
  [JobName.FanOutUpdate]: { queue: QueueName.CampaignEvents, options: KEEP_BRIEFLY },
  [JobName.SendUpdateEmail]: { queue: QueueName.UpdateEmails, options: MAIL_RETRY },
  // A failed run is recorded as failed; finance starts another rather than the queue retrying it.
  [JobName.ReconcileRun]: { queue: QueueName.Reconciliation, options: { ...KEEP_BRIEFLY, attempts: 1 } },
  [JobName.SendReceipt]: { queue: QueueName.Receipts, options: MAIL_RETRY },
  [JobName.ReissueAfterRefundFailure]: { queue: QueueName.Receipts, options: MAIL_RETRY },
  // Beside the receipts it sends again. The next sweep comes soon enough: a failed one is not retried.
  [JobName.RetryFailedMail]: { queue: QueueName.Receipts, options: { attempts: 1, removeOnComplete: 10, removeOnFail: 100 } },
  // A batch keeps its state in PostgreSQL (outbox rows, due times, claims): a failed one is not retried, the next one goes on.
  [JobName.IssueReceiptBatch]: { queue: QueueName.MailBatches, options: BATCH },
  [JobName.SendUpdateBatch]: { queue: QueueName.MailBatches, options: BATCH },
  [JobName.SendPledgeEmail]: { queue: QueueName.Receipts, options: MAIL_RETRY },
  [JobName.RemindPledges]: { queue: QueueName.Maintenance, options: { attempts: 1, removeOnComplete: 10, removeOnFail: 100 } },
  [JobName.RefreshCashBalance]: { queue: QueueName.CashBalances, options: KEEP_BRIEFLY },
  [JobName.ReceiptDetailsCorrected]: { queue: QueueName.Receipts, options: MAIL_RETRY },
  // Beside the receipts, not on the maintenance queue: a long run must not hold back the heartbeat.
  [JobName.RunAnnualReceipts]: { queue: QueueName.Receipts, options: KEEP_BRIEFLY },
  [JobName.ScheduleAnnualReceipts]: {
    queue: QueueName.Maintenance,
    options: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 10, removeOnFail: 100 },
  },
  [JobName.SendAnnualReceipt]: { queue: QueueName.Receipts, options: MAIL_RETRY },
};

/**
 * Outbox rows whose work is done in batches: the relay does not add a BullMQ job per row but marks the row with the
 * batch job's name and adds that job once per pass; the batch takes its rows from the outbox itself and finishes
 * them in the transaction that does their work. Only receipts (not corrections or cancellations, which need the
 * refund's story told one at a time) go this way.
 */
export const BATCHED_BY: Partial<Record<JobName, { job: JobName; takes(payload: unknown): boolean }>> = {
  [JobName.IssueReceipt]: { job: JobName.IssueReceiptBatch, takes: (payload) => !(payload as JobPayloads[JobName.IssueReceipt]).refundId },
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
  // Each batch job sends many emails at once over the pooled SMTP connections; a few let receipts and updates drain side by side.
  [QueueName.MailBatches]: { concurrency: 4 },
  // Jobs for one customer take turns on a lock of their own (CashBalancesService); these are for different customers.
  [QueueName.CashBalances]: { concurrency: 2 },
};

export const DEFAULT_JOB_OPTIONS = RETRY;
