import { Inject, Injectable } from '@nestjs/common';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { limitKey, normalEmail, RateLimits, type Refusal, refusalOf, retryAfterSeconds } from '../redis/rate-limits.js';

/** Failures are counted over a day from the first one; a key with no failure for that long starts again. */
const FAILURE_WINDOW_SECONDS = 24 * 60 * 60;

export interface Backoff {
  /** Failures allowed before the first delay. */
  free: number;
  baseSeconds: number;
  maxSeconds: number;
}

/**
 * The delay that follows the n-th failure (n counted from 1): none before `free` failures, then
 * baseSeconds, doubling with each further failure, never more than maxSeconds.
 */
export function backoffSeconds(failures: number, backoff: Backoff): number {
  if (failures < backoff.free) return 0;
  const doublings = Math.min(failures - backoff.free, 30);
  return Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** doublings);
}

/** One dimension of the login limit: a failure count and a gate that holds the delay after too many. */
interface Dimension {
  key: string;
  failures: RateLimiterRedis;
  gate: RateLimiterRedis;
  backoff: Backoff;
}

/** Either a refusal with its wait, or an attempt let through, already counted as a failure until it succeeds. */
type LoginCheck = ({ refused: true } & Refusal) | { refused: false; succeeded(): Promise<void> };

/**
 * Login limits kept in Redis, so every API process shares them, with growing delays:
 * - per account (the email), whatever the address: a forged X-Forwarded-For cannot buy more guesses;
 * - per account and address: the usual owner's typos; a success clears it;
 * - per address, over all accounts: one client trying many accounts.
 * Each attempt counts as a failure before the password is checked (argon2 is costly), so a burst of parallel
 * attempts cannot slip past the count; a success takes its count back. Past the allowance only the first
 * attempt after each delay gets through (it takes the gate, which holds the next, doubled delay); the others
 * are refused at once and not counted.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly account: Omit<Dimension, 'key'>;
  private readonly accountAndIp: Omit<Dimension, 'key'>;
  private readonly ip: Omit<Dimension, 'key'>;

  constructor(limits: RateLimits, @Inject(APP_CONFIG) config: AppConfig) {
    const dimension = (name: string, free: number): Omit<Dimension, 'key'> => ({
      failures: limits.limiter({ name: `login-failures-${name}`, points: free, durationSeconds: FAILURE_WINDOW_SECONDS }),
      // One point: the first consume takes the gate for the delay given as its duration, the next ones are refused.
      gate: limits.limiter({ name: `login-gate-${name}`, points: 1, durationSeconds: config.LOGIN_BLOCK_SECONDS }),
      backoff: { free, baseSeconds: config.LOGIN_BLOCK_SECONDS, maxSeconds: Math.max(config.LOGIN_BLOCK_SECONDS, config.LOGIN_BLOCK_MAX_SECONDS) },
    });
    this.account = dimension('account', config.LOGIN_FAILURES_PER_ACCOUNT);
    this.accountAndIp = dimension('account-ip', config.LOGIN_FAILURES_PER_ACCOUNT_AND_IP);
    this.ip = dimension('ip', config.LOGIN_FAILURES_PER_IP);
  }

  /** Refuses at once while a delay lasts; otherwise counts the attempt as a failure until it succeeds. */
  async check(ip: string, email: string): Promise<LoginCheck> {
    const [account, accountAndIp, address]: Dimension[] = [
      { ...this.account, key: limitKey(normalEmail(email)) },
      { ...this.accountAndIp, key: limitKey(normalEmail(email), ip) },
      { ...this.ip, key: limitKey(ip) },
    ];
    const dimensions = [account, accountAndIp, address];
    const gates = await Promise.all(dimensions.map((d) => d.gate.get(d.key)));
    const waitMs = Math.max(0, ...gates.map((gate) => gate?.msBeforeNext ?? 0));
    if (waitMs > 0) return { refused: true, retryAfterSeconds: retryAfterSeconds(waitMs) };

    const counts = await Promise.all(dimensions.map(async (d) => (await d.failures.penalty(d.key)).consumedPoints));
    const taken: Dimension[] = [];
    for (const [i, d] of dimensions.entries()) {
      const delay = backoffSeconds(counts[i], d.backoff);
      if (delay === 0) continue;
      const refusal = await d.gate.consume(d.key, 1, { customDuration: delay }).then(() => undefined, refusalOf);
      if (refusal) {
        // Another attempt took the gate first: this one is not counted, and frees the gates it took.
        await Promise.all([...dimensions.map((x) => x.failures.reward(x.key)), ...taken.map((x) => x.gate.delete(x.key))]);
        return { refused: true, ...refusal };
      }
      taken.push(d);
    }
    return {
      refused: false,
      succeeded: async () => {
        await Promise.all([
          account.failures.reward(account.key),
          address.failures.reward(address.key),
          accountAndIp.failures.delete(accountAndIp.key),
          accountAndIp.gate.delete(accountAndIp.key),
        ]);
      },
    };
  }
}
