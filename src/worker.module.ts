import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConfigModule } from './config/config.module.js';
import type { AppConfig } from './config/config.schema.js';
import { DatabaseModule } from './database/database.module.js';
import { WorkerHeartbeatJob } from './health/worker-heartbeat.job.js';
import { QueueWorkers } from './queue/queue-workers.service.js';
import { QueueModule } from './queue/queue.module.js';
import { RedisModule } from './redis/redis.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';
import { StripeSyncJob } from './reconciliation/stripe-sync.job.js';
import { ReconcileRunJob } from './reconciliation/reconcile-run.job.js';
import { StripeModule } from './stripe/stripe.module.js';
import { NotificationsWorkerModule } from './notifications/notifications.module.js';
import { PaymentsWorkerModule } from './payments/payments.module.js';
import { MailRetrySweepJob } from './notifications/mail-retry-sweep.job.js';
import { MailBatchSchedule } from './notifications/mail-batch-schedule.js';
import { OutboxRelay } from './queue/outbox-relay.service.js';
import { JobSchedules } from './queue/job-schedules.service.js';
import { RemindPledgesJob } from './notifications/pledge-email.job.js';
import { ScheduleAnnualReceiptsJob } from './notifications/annual-receipt.jobs.js';
import { QUEUES } from './queue/queue.registry.js';

/**
 * Connections the worker needs besides one per job: the outbox relay's transaction, the batched completion marks,
 * the final-failure records, and one to spare.
 */
const WORKER_POOL_HEADROOM = 4;

/**
 * One connection for every job that can run at once (the sum of the queues' concurrency) plus the headroom, so a
 * busy worker never waits on its own pool: with fewer, jobs holding connections starve the relay and the marks.
 */
function workerPoolSize(config: AppConfig): number {
  // The inbox appliers hold one connection each while they apply a batch.
  return Object.values(QUEUES).reduce((sum, queue) => sum + queue.concurrency, 0) + config.WEBHOOK_APPLIERS + WORKER_POOL_HEADROOM;
}

/** The worker's root module: job handlers and the BullMQ workers that run them, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ poolSize: workerPoolSize(config) }),
        RedisModule,
        QueueModule,
        StripeModule,
        ReconciliationModule,
        NotificationsWorkerModule,
        PaymentsWorkerModule,
        DiscoveryModule,
      ],
      providers: [
        QueueWorkers,
        OutboxRelay,
        JobSchedules,
        WorkerHeartbeatJob,
        StripeSyncJob,
        ReconcileRunJob,
        MailRetrySweepJob,
        MailBatchSchedule,
        RemindPledgesJob,
        ScheduleAnnualReceiptsJob,
      ],
    };
  }
}
