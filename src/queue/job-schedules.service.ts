import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { JobSchedulerTemplateOptions } from 'bullmq';
import { QueueProducer } from './queue-producer.service.js';
import type { JobName, JobPayloads, QueueName } from './queue.registry.js';

// How soon a schedule lost with Redis's data comes back.
const SCHEDULE_CHECK_MS = 5_000;

export interface Schedule<J extends JobName = JobName> {
  id: string;
  queue: QueueName;
  /** Every so many milliseconds, or at the times of a cron pattern in a time zone. */
  everyMs?: number;
  cron?: { pattern: string; timeZone: string };
  job: J;
  data: JobPayloads[J];
  opts?: JobSchedulerTemplateOptions;
}

/**
 * The worker's repeatable jobs. A schedule lives only in Redis, so a Redis restarted empty (or flushed) would
 * lose it for good: no more heartbeat, no more minute sync, until some worker restarted. The worker writes each
 * schedule at boot and puts back any that has gone missing every SCHEDULE_CHECK_MS.
 */
@Injectable()
export class JobSchedules implements OnApplicationShutdown {
  private readonly logger = new Logger('JobSchedules');
  private readonly kept: Schedule[] = [];
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(private readonly producer: QueueProducer) {}

  async keep<J extends JobName>(schedule: Schedule<J>): Promise<void> {
    await this.write(schedule);
    this.kept.push(schedule as Schedule);
    this.timer ??= setInterval(() => void this.restoreMissing(), SCHEDULE_CHECK_MS);
  }

  /** Writes back every kept schedule that Redis no longer has. */
  async restoreMissing(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const schedule of this.kept) {
        if (await this.producer.queue(schedule.queue).getJobScheduler(schedule.id)) continue;
        await this.write(schedule);
        this.logger.warn({ schedule: schedule.id }, 'a job schedule was missing from Redis; written again');
      }
    } catch (error) {
      // Redis is away: the next round tries again.
      this.logger.warn({ error: (error as Error).message }, 'could not check the job schedules');
    } finally {
      this.checking = false;
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async write(schedule: Schedule): Promise<void> {
    const repeat = schedule.cron ? { pattern: schedule.cron.pattern, tz: schedule.cron.timeZone } : { every: schedule.everyMs };
    await this.producer.queue(schedule.queue).upsertJobScheduler(schedule.id, repeat, { name: schedule.job, data: schedule.data, opts: schedule.opts });
  }
}
