import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobSchedules } from '../queue/job-schedules.service.js';
import { JOBS, JobName } from '../queue/queue.registry.js';
import { MailRetryService } from './mail-retry.service.js';
import { MailService } from './mail.service.js';

/**
 * Every MAIL_RETRY_SWEEP_MS: when some receipt, update or pledge email failed for good and the mail server answers again,
 * each one is sent again. While the server is still away nothing changes, and the next sweep asks again.
 */
@Injectable()
@HandlesJob(JobName.RetryFailedMail)
export class MailRetrySweepJob implements JobHandler<JobName.RetryFailedMail>, OnApplicationBootstrap {
  private readonly logger = new Logger('MailRetrySweep');

  constructor(
    private readonly retries: MailRetryService,
    private readonly mail: MailService,
    private readonly schedules: JobSchedules,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({
      id: 'mail-retry-sweep',
      queue: JOBS[JobName.RetryFailedMail].queue,
      everyMs: this.config.MAIL_RETRY_SWEEP_MS,
      job: JobName.RetryFailedMail,
      data: {},
      opts: { removeOnComplete: 10, removeOnFail: 100 },
    });
  }

  async handle(): Promise<void> {
    if (!(await this.retries.anyFailed())) return;
    try {
      await this.mail.verify();
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'failed emails wait: the mail server does not answer yet');
      return;
    }
    const queued = await this.retries.retryFailed();
    this.logger.log({ queued }, 'the mail server answers again: failed emails queued to be sent');
  }
}
