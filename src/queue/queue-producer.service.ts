import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, JobsOptions, Queue } from 'bullmq';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DEFAULT_JOB_OPTIONS, JOBS, JobName, JobPayloads, QueueName } from './queue.registry.js';
import { producerConnection } from './redis-connections.js';

@Injectable()
export class QueueProducer implements OnApplicationShutdown {
  /** Shared by every queue of this process; also used directly for the outbox relay's marker key. */
  readonly connection;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly logger = new Logger('QueueProducer');
  private lastError = '';

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.connection = producerConnection(config.REDIS_URL);
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.config.REDIS_PREFIX });
      // Without a listener, every reconnect attempt while Redis is away prints a stack trace; one line per change is enough.
      queue.on('error', (error) => {
        if (error.message !== this.lastError) this.logger.warn({ queue: name, error: error.message }, 'Redis error');
        this.lastError = error.message;
      });
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
