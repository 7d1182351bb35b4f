import type { Logger } from '@nestjs/common';

interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Logs a Redis client's errors, one line per change of error: without a listener every reconnect attempt while
 * Redis is away prints a stack trace. Returns what to call once Redis answers again.
 */
export function logRedisErrors(emitter: ErrorEmitter, logger: Logger, fields: Record<string, string> = {}): () => void {
  let lastError = '';
  emitter.on('error', (error: Error) => {
    if (error.message !== lastError) logger.warn({ ...fields, error: error.message }, 'Redis error');
    lastError = error.message;
  });
  return () => {
    lastError = '';
  };
}
