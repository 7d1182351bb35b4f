import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { REDIS } from '../redis/redis.module.js';
import { encodeCampaignIds, totalsChannel } from './totals-channel.js';

/**
 * Tells every API process that campaigns' totals moved, so that their live-totals streams push the new figures.
 * Call it after the transaction that moved them has committed: a stream reads the totals when it hears of it.
 */
@Injectable()
export class TotalsPublisher {
  private readonly logger = new Logger(TotalsPublisher.name);
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.channel = totalsChannel(config);
  }

  /**
   * Never rejects: the change is already committed, so a Redis outage must not fail the caller. Streams then catch up
   * when their subscriber reconnects, and pages poll meanwhile.
   */
  async changed(campaignIds: string[]): Promise<void> {
    if (campaignIds.length === 0) return;
    try {
      await this.redis.publish(this.channel, encodeCampaignIds(campaignIds));
    } catch (error) {
      this.logger.warn({ error: (error as Error).message, campaigns: campaignIds.length }, 'could not publish a totals change');
    }
  }
}
