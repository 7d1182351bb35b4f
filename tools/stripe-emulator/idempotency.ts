import { idempotencyMismatch } from './errors.js';
import type { Params } from './form.js';

export interface SavedResponse {
  status: number;
  body: string;
  requestId: string;
}

interface Entry {
  endpoint: string;
  parameters: string;
  response: SavedResponse;
}

/**
 * Stripe's idempotent requests: per API key, a key replays the first response as long as it comes with
 * the same endpoint and parameters, and is an `idempotency_error` otherwise. Kept for the life of the process.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** The saved response to replay, undefined for a new key, or an error for a reused key. */
  replay(apiKey: string, key: string, endpoint: string, params: Params): SavedResponse | undefined {
    const entry = this.entries.get(`${apiKey} ${key}`);
    if (!entry) return undefined;
    if (entry.endpoint !== endpoint) throw idempotencyMismatch(key, false);
    if (entry.parameters !== canonical(params)) throw idempotencyMismatch(key, true);
    return entry.response;
  }

  save(apiKey: string, key: string, endpoint: string, params: Params, response: SavedResponse): void {
    this.entries.set(`${apiKey} ${key}`, { endpoint, parameters: canonical(params), response });
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
