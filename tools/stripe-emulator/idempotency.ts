import { idempotencyMismatch } from './errors.js';
import type { Params } from './form.js';
import { nowSeconds } from './ids.js';

export interface SavedResponse {
  status: number;
  body: string;
  requestId: string;
}

interface Entry {
  endpoint: string;
  parameters: string;
  response: SavedResponse;
  savedAt: number;
}

/** Stripe prunes a key once it is at least 24 hours old; a request reusing it after that runs anew. */
const KEY_LIFETIME_SECONDS = 24 * 3600;

/**
 * Stripe's idempotent requests: per API key, a key replays the first response as long as it comes with
 * the same endpoint and parameters, and is an `idempotency_error` otherwise, until the key expires.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /**
   * `now` gives the emulator's time in seconds, which decides when a key expires. It defaults to the wall clock,
   * which is what the emulator stamps its objects with until it has a clock of its own.
   */
  constructor(private readonly now: () => number = nowSeconds) {}

  /** The saved response to replay, undefined for a new (or expired) key, or an error for a reused key. */
  replay(apiKey: string, key: string, endpoint: string, params: Params): SavedResponse | undefined {
    const id = `${apiKey} ${key}`;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (this.now() - entry.savedAt >= KEY_LIFETIME_SECONDS) {
      this.entries.delete(id);
      return undefined;
    }
    if (entry.endpoint !== endpoint) throw idempotencyMismatch(key, false);
    if (entry.parameters !== canonical(params)) throw idempotencyMismatch(key, true);
    return entry.response;
  }

  save(apiKey: string, key: string, endpoint: string, params: Params, response: SavedResponse): void {
    this.entries.set(`${apiKey} ${key}`, { endpoint, parameters: canonical(params), response, savedAt: this.now() });
  }
}

/** Parameters compared regardless of the order they were sent in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
