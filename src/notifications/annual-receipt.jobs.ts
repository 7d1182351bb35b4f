import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobSchedules } from '../queue/job-schedules.service.js';
import { JOBS, JobName, type JobPayloads } from '../queue/queue.registry.js';
import { AnnualReceiptsService } from './annual-receipts.service.js';
import { MailService } from './mail.service.js';
import { isLastAttempt } from './send-once.js';

/** Issues a run's annual receipts and queues each to be mailed; a rerun of a finished run does nothing. */
@Injectable()
@HandlesJob(JobName.RunAnnualReceipts)
export class RunAnnualReceiptsJob implements JobHandler<JobName.RunAnnualReceipts> {
  constructor(private readonly annual: AnnualReceiptsService) {}

  async handle({ runId }: JobPayloads[JobName.RunAnnualReceipts]): Promise<void> {
    await this.annual.execute(runId);
  }
}

/** Mails one annual receipt with its PDF, once. */
@Injectable()
@HandlesJob(JobName.SendAnnualReceipt)
export class SendAnnualReceiptJob implements JobHandler<JobName.SendAnnualReceipt> {
  constructor(
    private readonly annual: AnnualReceiptsService,
    private readonly mail: MailService,
  ) {}

  async handle({ annualReceiptId }: JobPayloads[JobName.SendAnnualReceipt], job?: Job): Promise<void> {
    await this.annual.send(annualReceiptId, isLastAttempt(job), (message) => this.mail.send(message));
  }
}

/**
 * In January (ANNUAL_RECEIPTS_CRON, in the organisation's time zone): runs the annual receipts of the year before.
 * A second firing finds every donor served and mails nothing.
 */
@Injectable()
@HandlesJob(JobName.ScheduleAnnualReceipts)
export class ScheduleAnnualReceiptsJob implements JobHandler<JobName.ScheduleAnnualReceipts>, OnApplicationBootstrap {
  constructor(
    private readonly annual: AnnualReceiptsService,
    private readonly schedules: JobSchedules,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({
      id: 'annual-receipts',
      queue: JOBS[JobName.ScheduleAnnualReceipts].queue,
      cron: { pattern: this.config.ANNUAL_RECEIPTS_CRON, timeZone: this.config.ORG_TIMEZONE },
      job: JobName.ScheduleAnnualReceipts,
      data: {},
      opts: { removeOnComplete: 10, removeOnFail: 100 },
    });
  }

  async handle(): Promise<void> {
    await this.annual.startLastYear();
  }
}
