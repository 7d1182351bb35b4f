import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Redis } from 'ioredis';
import { HandlesJob, JobHandler } from '../queue/job-handler.js';
import { QueueProducer } from '../queue/queue-producer.service.js';
import { JobName, QueueName } from '../queue/queue.registry.js';
import { REDIS } from '../redis/redis.module.js';

export const HEARTBEAT_KEY = 'worker:heartbeat';
export const HEARTBEAT_EVERY_MS = 15_000;

/** Lets /health/ready say when a worker last took a job, so a stalled worker fleet is visible. */
@Injectable()
@HandlesJob(JobName.WorkerHeartbeat)
export class WorkerHeartbeatJob implements JobHandler<JobName.WorkerHeartbeat>, OnApplicationBootstrap {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly producer: QueueProducer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.producer
      .queue(QueueName.Maintenance)
      .upsertJobScheduler('worker-heartbeat', { every: HEARTBEAT_EVERY_MS }, { name: JobName.WorkerHeartbeat, data: {}, opts: { removeOnComplete: 10, removeOnFail: 100 } });
  }

  async handle(): Promise<void> {
    await this.redis.set(HEARTBEAT_KEY, new Date().toISOString(), 'EX', 3600);
  }
}
