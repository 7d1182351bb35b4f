import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { QueueProducer } from '../queue/queue-producer.service.js';
import { JobName, QueueName } from '../queue/queue.registry.js';
import { StripeSyncService } from './stripe-sync.service.js';

export const SYNC_EVERY_MS = 60_000;

/** Runs the balance-transaction sync every minute (and whenever something enqueues it). */
@Injectable()
@HandlesJob(JobName.SyncBalanceTransactions)
export class StripeSyncJob implements JobHandler<JobName.SyncBalanceTransactions>, OnApplicationBootstrap {
  constructor(
    private readonly sync: StripeSyncService,
    private readonly producer: QueueProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.producer
      .queue(QueueName.StripeSync)
      .upsertJobScheduler('stripe-sync', { every: SYNC_EVERY_MS }, { name: JobName.SyncBalanceTransactions, data: { reason: 'schedule' } });
  }

  async handle(): Promise<void> {
    await this.sync.sync();
  }
}
