import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { UserError } from './user.errors.js';
import { REDIS } from '../redis/redis.module.js';

const LOGIN_ATTEMPTS_PER_MINUTE = 10;

/** Fixed one-minute windows in Redis, so every API replica shares the count. */
@Injectable()
export class LoginRateLimiter {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async consume(ip: string, email: string): Promise<void> {
    const who = createHash('sha256').update(`${ip}\n${email.trim().toLowerCase()}`).digest('hex').slice(0, 32);
    const window = Math.floor(Date.now() / 60_000);
    const key = `login:${who}:${window}`;
    const [[, attempts]] = (await this.redis.multi().incr(key).expire(key, 60).exec()) as [[null, number]];
    if (attempts > LOGIN_ATTEMPTS_PER_MINUTE) {
      throw new UserError('rate_limited', 'too_many_logins', 'Too many login attempts; wait a minute and try again');
    }
  }
}
