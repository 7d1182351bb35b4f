import type { AppConfig } from '../config/config.schema.js';
import { channelName } from '../redis/pubsub.js';

/** The Redis channel that carries "these campaigns' totals moved": space-separated campaign ids. */
export function totalsChannel(config: Pick<AppConfig, 'REDIS_PREFIX'>): string {
  return channelName(config.REDIS_PREFIX, 'campaign-totals');
}

export function encodeCampaignIds(ids: Iterable<string>): string {
  return [...new Set(ids)].join(' ');
}

export function decodeCampaignIds(message: string): string[] {
  return message.split(' ').filter((id) => id !== '');
}
