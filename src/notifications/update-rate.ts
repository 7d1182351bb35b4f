import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { QueueProducer } from '../queue/queue-producer.service.js';

/**
 * UPDATE_EMAILS_PER_SECOND across every worker: a counter per wall-clock second in Redis, shared by all batch
 * senders. A sender asks for as many emails as it would claim and gets what is left of this second, or waits for
 * the next one.
 */
@Injectable()
export class UpdateEmailRate {
  constructor(
    private readonly producer: QueueProducer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async take(wanted: number): Promise<number> {
    const perSecond = this.config.UPDATE_EMAILS_PER_SECOND;
    for (;;) {
      const second = Math.floor(Date.now() / 1000);
      const key = `${this.config.REDIS_PREFIX}:update-emails:second:${second}`;
      const asked = Math.min(wanted, perSecond);
      const [[, total]] = (await this.producer.connection.multi().incrby(key, asked).expire(key, 5).exec()) as [[Error | null, number]];
      const granted = Math.max(0, Math.min(asked, perSecond - (total - asked)));
      if (granted > 0) return granted;
      await new Promise((resolve) => setTimeout(resolve, (second + 1) * 1000 - Date.now() + 5));
    }
  }
}
