import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../queue/job-handler.js';
import { JobName, type JobPayloads } from '../queue/queue.registry.js';
import { ReconciliationService } from './reconciliation.service.js';

@Injectable()
@HandlesJob(JobName.ReconcileRun)
export class ReconcileRunJob implements JobHandler<JobName.ReconcileRun> {
  constructor(private readonly reconciliation: ReconciliationService) {}

  async handle({ runId }: JobPayloads[JobName.ReconcileRun]): Promise<void> {
    await this.reconciliation.execute(runId);
  }
}
