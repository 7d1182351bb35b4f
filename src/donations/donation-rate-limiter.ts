import { Inject, Injectable } from '@nestjs/common';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { limitKey, normalEmail, RateLimits, type Refusal, refusalOf } from '../redis/rate-limits.js';

/** A retry with the same Idempotency-Key within this long is not counted again. */
const COUNTED_KEY_SECONDS = 24 * 60 * 60;

/**
 * Donation creation per address and per donor email, counted in Redis across API processes: card testers
 * make many donations quickly. While Redis is away each process counts on its own rather than refusing gifts.
 */
@Injectable()
export class DonationRateLimiter {
  private readonly perIp: RateLimiterRedis;
  private readonly perEmail: RateLimiterRedis;
  private readonly counted: RateLimiterRedis;

  constructor(limits: RateLimits, @Inject(APP_CONFIG) config: AppConfig) {
    this.perIp = limits.limiter({ name: 'donations-ip', points: config.DONATIONS_PER_IP_PER_MINUTE, durationSeconds: 60, localWhenRedisIsAway: true });
    this.perEmail = limits.limiter({ name: 'donations-email', points: config.DONATIONS_PER_EMAIL_PER_MINUTE, durationSeconds: 60, localWhenRedisIsAway: true });
    this.counted = limits.limiter({ name: 'donations-idempotency', points: 1, durationSeconds: COUNTED_KEY_SECONDS, localWhenRedisIsAway: true });
  }

  /** Counts one donation; a refusal when the address or the email has made too many in the last minute. */
  async consume(ip: string, email: string, idempotencyKey: string | undefined): Promise<Refusal | undefined> {
    const retryKey = idempotencyKey === undefined ? undefined : limitKey(idempotencyKey);
    // A retry of a request that was already counted (same Idempotency-Key): the service answers with the same donation.
    if (retryKey && (await this.counted.get(retryKey))) return undefined;
    const refusal =
      (await this.perIp.consume(limitKey(ip)).then(() => undefined, refusalOf)) ?? (await this.perEmail.consume(limitKey(normalEmail(email))).then(() => undefined, refusalOf));
    if (!refusal && retryKey) await this.counted.set(retryKey, 1, COUNTED_KEY_SECONDS);
    return refusal;
  }
}
