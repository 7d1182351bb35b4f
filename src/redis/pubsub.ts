import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { logRedisErrors } from './redis-errors.js';

/**
 * A pub/sub channel of this deployment. ioredis's keyPrefix applies to keys only, never to channels, so the prefix is
 * written here: test apps sharing one Redis under different REDIS_PREFIX values must not hear each other.
 */
export function channelName(prefix: string | undefined, name: string): string {
  return prefix ? `${prefix}:${name}` : name;
}

/**
 * A connection of its own for SUBSCRIBE (a subscribed connection can run no other command). It reconnects forever and
 * resubscribes by itself; `onReady` runs on every reconnection after the first, when messages may have been missed.
 */
export function createSubscriber(url: string, onMessage: (channel: string, message: string) => void, onReconnected: () => void): Redis {
  const subscriber = new Redis(url, { maxRetriesPerRequest: null, connectTimeout: 2_000, autoResubscribe: true });
  const clearErrors = logRedisErrors(subscriber, new Logger('RedisSubscriber'));
  let connectedBefore = false;
  subscriber.on('ready', () => {
    clearErrors();
    if (connectedBefore) onReconnected();
    connectedBefore = true;
  });
  subscriber.on('message', onMessage);
  return subscriber;
}
