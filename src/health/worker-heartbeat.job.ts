import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Redis } from 'ioredis';
import { HandlesJob, JobHandler } from '../queue/job-handler.js';
import { JobSchedules } from '../queue/job-schedules.service.js';
import { JobName, QueueName } from '../queue/queue.registry.js';
import { REDIS } from '../redis/redis.module.js';

export const HEARTBEAT_KEY = 'worker:heartbeat';
const HEARTBEAT_EVERY_MS = 15_000;

/** Lets /health/ready say when a worker last took a job, so a stalled worker fleet is visible. */
@Injectable()
@HandlesJob(JobName.WorkerHeartbeat)
export class WorkerHeartbeatJob implements JobHandler<JobName.WorkerHeartbeat>, OnApplicationBootstrap {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly schedules: JobSchedules,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedules.keep({
      id: 'worker-heartbeat',
      queue: QueueName.Maintenance,
      everyMs: HEARTBEAT_EVERY_MS,
      job: JobName.WorkerHeartbeat,
      data: {},
      opts: { removeOnComplete: 10, removeOnFail: 100 },
    });
  }

  async handle(): Promise<void> {
    await this.redis.set(HEARTBEAT_KEY, new Date().toISOString(), 'EX', 3600);
  }
}
