import { Inject, Injectable, Module } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { REDIS } from './redis.module.js';

export interface LimitOptions {
  /** Names the limit in its Redis keys: `<REDIS_PREFIX>:rl:<name>:<hashed key>`. */
  name: string;
  points: number;
  durationSeconds: number;
  /**
   * While Redis is away, count in this process's memory with the same numbers instead of failing the request.
   * Without it a Redis error reaches the caller (the exception filter answers 503 redis_unavailable).
   */
  localWhenRedisIsAway?: boolean;
}

/** A refusal from a limit: how long the caller should wait, in whole seconds (the Retry-After header). */
export interface Refusal {
  retryAfterSeconds: number;
}

/** Retry-After in whole seconds, at least 1. */
export function retryAfterSeconds(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

/**
 * Answers the refusal when a consume was refused; throws anything else (a Redis error), so a limit never
 * mistakes an outage for a refusal.
 */
export function refusalOf(error: unknown): Refusal {
  if (error instanceof RateLimiterRes) return { retryAfterSeconds: retryAfterSeconds(error.msBeforeNext) };
  throw error;
}

/** Emails and addresses never appear in Redis keys as they are, only a hash of them (callers normalise first). */
export function limitKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}

/** The form of an email that limits count by: `Admin@Example.org ` and `admin@example.org` are one account. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The one place where limits are built (rate-limiter-flexible on the shared ioredis client): counts live in
 * Redis, so every API process sees the same numbers.
 */
@Injectable()
export class RateLimits {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  limiter(options: LimitOptions): RateLimiterRedis {
    const common = { keyPrefix: `rl:${options.name}`, points: options.points, duration: options.durationSeconds };
    return new RateLimiterRedis({
      ...common,
      storeClient: this.redis,
      ...(options.localWhenRedisIsAway && { rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(common) }),
    });
  }
}

/** Imported by the modules that limit something (users, donations); the Redis client comes from the global RedisModule. */
@Module({ providers: [RateLimits], exports: [RateLimits] })
export class RateLimitsModule {}
