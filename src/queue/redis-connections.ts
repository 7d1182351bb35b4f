import { Redis, RedisOptions } from 'ioredis';

/** Workers block on Redis and must never give up a command: BullMQ requires maxRetriesPerRequest null. */
export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** Producers run in request paths: fail fast when Redis is away rather than hang the request. */
export function producerConnection(url: string): Redis {
  const options: RedisOptions = { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
  return new Redis(url, options);
}
