import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobSchedules } from '../queue/job-schedules.service.js';
import { JOBS, JobName } from '../queue/queue.registry.js';

/**
 * How soon a batch looks again for work nobody added it for: a receipt or update email due again after a failed
 * attempt, claims a killed worker left to lapse, rows whose batch job Redis lost.
 */
const POLL_MS = 1_000;

/** Keeps the batch jobs coming on their own, besides the relay and the fan-out adding them when work arrives. */
@Injectable()
export class MailBatchSchedule implements OnApplicationBootstrap {
  constructor(private readonly schedules: JobSchedules) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const job of [JobName.IssueReceiptBatch, JobName.SendUpdateBatch] as const) {
      await this.schedules.keep({ id: job, queue: JOBS[job].queue, everyMs: POLL_MS, job, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } });
    }
  }
}
