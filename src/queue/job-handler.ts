import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, JobPayloads } from './queue.registry.js';

export const JOB_HANDLER = 'kizuna:job-handler';

/** A provider that runs one job name; it must be idempotent, since a job can run more than once. */
export interface JobHandler<J extends JobName> {
  handle(payload: JobPayloads[J], job: Job<JobPayloads[J]>): Promise<void>;
}

export const HandlesJob = (jobName: JobName) => SetMetadata(JOB_HANDLER, jobName);

/** The boot check: every job name has exactly one handler, and no handler names an unknown job. */
export function checkJobHandlers(jobNames: readonly string[], handled: readonly string[]): void {
  for (const name of jobNames) {
    const count = handled.filter((h) => h === name).length;
    if (count === 0) throw new Error(`job "${name}" has no handler`);
    if (count > 1) throw new Error(`job "${name}" has ${count} handlers; it must have exactly one`);
  }
  const unknown = handled.find((h) => !jobNames.includes(h));
  if (unknown) throw new Error(`a handler is registered for "${unknown}", which is not in the job registry`);
}
