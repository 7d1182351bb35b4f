import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, JobsOptions, Queue } from 'bullmq';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DEFAULT_JOB_OPTIONS, JOBS, JobName, JobPayloads, QueueName } from './queue.registry.js';
import { producerConnection } from './redis-connections.js';
import { logRedisErrors } from '../redis/redis-errors.js';

@Injectable()
export class QueueProducer implements OnApplicationShutdown {
  /** Shared by every queue of this process; also used directly for the outbox relay's marker key. */
  readonly connection;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly logger = new Logger('QueueProducer');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = producerConnection(config.REDIS_URL);
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.config.REDIS_PREFIX });
      logRedisErrors(queue, this.logger, { queue: name });
      this.queues.set(name, queue);
    }
    return queue;
  }

  enqueue<J extends JobName>(name: J, payload: JobPayloads[J], options: JobsOptions = {}): Promise<Job> {
    const definition = JOBS[name];
    return this.queue(definition.queue).add(name, payload, { ...DEFAULT_JOB_OPTIONS, ...definition.options, ...options });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }
}
