import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobSchedules } from '../queue/job-schedules.service.js';
import { JobName, QueueName } from '../queue/queue.registry.js';
import { StripeSyncService } from './stripe-sync.service.js';

const SYNC_EVERY_MS = 60_000;

/** Runs the balance-transaction sync every minute (and whenever something enqueues it). */
@Injectable()
@HandlesJob(JobName.SyncBalanceTransactions)
export class StripeSyncJob implements JobHandler<JobName.SyncBalanceTransactions>, OnApplicationBootstrap {
  constructor(
    private readonly sync: StripeSyncService,
    private readonly schedules: JobSchedules,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({ id: 'stripe-sync', queue: QueueName.StripeSync, everyMs: SYNC_EVERY_MS, job: JobName.SyncBalanceTransactions, data: { reason: 'schedule' } });
  }

  async handle(): Promise<void> {
    await this.sync.sync();
  }
}
