import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobSchedules } from '../queue/job-schedules.service.js';
import { JOBS, JobName, type JobPayloads } from '../queue/queue.registry.js';
import { MailService } from './mail.service.js';
import { PledgeEmailsService } from './pledge-emails.service.js';
import { isLastAttempt } from './send-once.js';

/**
 * Mails one email about a pledge, in the donor's language, once: a rerun, the mail sweep's retry and a concurrent
 * run reach the same row and claim; one that stopped being true (the pledge was paid meanwhile) is skipped.
 */
@Injectable()
@HandlesJob(JobName.SendPledgeEmail)
export class SendPledgeEmailJob implements JobHandler<JobName.SendPledgeEmail> {
  constructor(
    private readonly emails: PledgeEmailsService,
    private readonly mail: MailService,
  ) {}

  async handle(payload: JobPayloads[JobName.SendPledgeEmail], job?: Job): Promise<void> {
    const prepared = await this.emails.prepare(payload);
    if (prepared) await this.emails.sendOnce(prepared.id, () => this.mail.send(prepared.mail), isLastAttempt(job));
  }
}

/**
 * Every PLEDGE_REMINDER_SWEEP_MS: each unpaid voucher gets one reminder from 18:00 Japan time on the day before its
 * deadline, and each transfer still partly unpaid one reminder of what remains, PLEDGE_PARTIAL_REMINDER_AFTER_MS
 * after it was told.
 */
@Injectable()
@HandlesJob(JobName.RemindPledges)
export class RemindPledgesJob implements JobHandler<JobName.RemindPledges>, OnApplicationBootstrap {
  constructor(
    private readonly emails: PledgeEmailsService,
    private readonly schedules: JobSchedules,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({
      id: 'pledge-reminders',
      queue: JOBS[JobName.RemindPledges].queue,
      everyMs: this.config.PLEDGE_REMINDER_SWEEP_MS,
      job: JobName.RemindPledges,
      data: {},
      opts: { removeOnComplete: 10, removeOnFail: 100 },
    });
  }

  async handle(): Promise<void> {
    await this.emails.remindVouchers();
    await this.emails.remindPartialTransfers();
  }
}
