import { Inject, Injectable, Logger } from '@nestjs/common';
import { type Challenge, createChallenge, type Payload, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { createHmac, randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import { purposeKeys } from '../common/purpose-keys.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { REDIS } from '../redis/redis.module.js';
import { DonationError } from './donation.errors.js';

/** Long enough to fill in the form after the page solved its challenge; the form asks for a new one past it. */
const CHALLENGE_SECONDS = 15 * 60;
/** Room for the body's `challenge` field: a payload is about 700 characters. */
export const MAX_CHALLENGE_PAYLOAD = 4096;

interface Secrets {
  parameters: string;
  derivedKey: string;
}

// Two keys from the purpose key: one signs the challenge, the other the key the solver must find.
function secretsOf(key: Buffer): Secrets {
  const sub = (name: string) => createHmac('sha256', key).update(name).digest('hex');
  return { parameters: sub('altcha-parameters'), derivedKey: sub('altcha-derived-key') };
}

function parsePayload(text: string): Payload | null {
  try {
    const payload = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Payload;
    const ok = typeof payload?.challenge?.signature === 'string' && typeof payload.challenge.parameters === 'object' && typeof payload.solution === 'object';
    return ok ? payload : null;
  } catch {
    return null;
  }
}

/**
 * ALTCHA's proof of work (altcha-lib, on our own servers: no outside service). The challenge is signed with a key
 * derived from JWT_SECRET, so no state is kept until a solution comes back; then its signature is recorded until
 * it expires, so one solved challenge starts one donation.
 */
@Injectable()
export class DonationChallengeService {
  private readonly logger = new Logger('DonationChallenge');
  private readonly signing: Secrets;
  private readonly verifying: Secrets[];
  /** Used challenges while Redis is away: this process still refuses a replay it has seen. */
  private readonly usedLocally = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    const keys = purposeKeys(config, 'donation-challenge');
    this.signing = secretsOf(keys.signing);
    this.verifying = keys.verifying.map(secretsOf);
  }

  /** A new challenge: the solver tries numbers from 0 until one gives the signed key, at most CHALLENGE_DIFFICULTY of them. */
  create(): Promise<Challenge> {
    const difficulty = this.config.CHALLENGE_DIFFICULTY;
    return createChallenge({
      algorithm: 'SHA-256',
      cost: 1,
      // Never a trivial one: at least a fifth of the work.
      counter: randomInt(Math.ceil(difficulty / 5), difficulty + 1),
      deriveKey,
      expiresAt: Math.floor(Date.now() / 1000) + CHALLENGE_SECONDS,
      hmacSignatureSecret: this.signing.parameters,
      hmacKeySignatureSecret: this.signing.derivedKey,
    });
  }

  /** Accepts a solved challenge once; refuses a missing, wrong, expired or already used one. */
  async redeem(text: string | undefined): Promise<void> {
    if (!text) {
      throw new DonationError(
        'forbidden',
        'challenge_required',
        'Many declined cards on this site right now: solve the challenge from GET /api/donations/challenge and send the solution as "challenge"',
      );
    }
    const payload = parsePayload(text);
    if (!payload || !(await this.verified(payload))) {
      throw new DonationError('forbidden', 'challenge_invalid', 'challenge is not a solution of a challenge from GET /api/donations/challenge, or it has expired; solve a new one');
    }
    const expiresAt = payload.challenge.parameters.expiresAt ?? Math.floor(Date.now() / 1000) + CHALLENGE_SECONDS;
    if (!(await this.markUsed(payload.challenge.signature!, expiresAt))) {
      throw new DonationError('forbidden', 'challenge_invalid', 'challenge was already used for a donation; solve a new one');
    }
  }

  private async verified(payload: Payload): Promise<boolean> {
    for (const secrets of this.verifying) {
      const result = await verifySolution({
        challenge: payload.challenge,
        solution: payload.solution,
        deriveKey,
        hmacSignatureSecret: secrets.parameters,
        hmacKeySignatureSecret: secrets.derivedKey,
      }).catch(() => null);
      if (result?.verified) return true;
      if (result && !result.invalidSignature) return false;
    }
    return false;
  }

  /** True the first time a challenge is used. */
  private async markUsed(signature: string, expiresAt: number): Promise<boolean> {
    const ttl = Math.max(1, expiresAt - Math.floor(Date.now() / 1000) + 1);
    const now = Date.now();
    // Entries were added in order of expiry, give or take a second: the expired ones are at the front.
    for (const [key, until] of this.usedLocally) {
      if (until > now) break;
      this.usedLocally.delete(key);
    }
    if (this.usedLocally.has(signature)) return false;
    this.usedLocally.set(signature, now + ttl * 1000);
    try {
      return (await this.redis.set(`challenge-used:${signature}`, '1', 'EX', ttl, 'NX')) === 'OK';
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'Redis is away: a used challenge is remembered by this process only');
      return true;
    }
  }
}
