import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { logRedisErrors } from './redis-errors.js';

export const REDIS = Symbol('REDIS');

/** Commands from request paths fail fast when Redis is down instead of waiting in an offline queue. */
function createRedisClient(url: string, prefix?: string): Redis {
  const client = new Redis(url, {
    keyPrefix: prefix ? `${prefix}:` : undefined,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    lazyConnect: false,
  });
  client.on('ready', logRedisErrors(client, new Logger('Redis')));
  return client;
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createRedisClient(config.REDIS_URL, config.REDIS_PREFIX),
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
