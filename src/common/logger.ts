import type { LoggerService } from '@nestjs/common';
import pino, { type Logger as Pino } from 'pino';
import type { AppConfig } from '../config/config.schema.js';

// What must never reach a log line, whoever wrote the text (our code, a driver, an SMTP server's answer).
const EMAIL = /[\w.!#$%&'*+=?^`{|}~-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi;
const SECRET_PARAM = /([?&;](?:token|access_token|client_secret|secret|key|password|signature)=)[^&#\s"'<>]*/gi;
const CREDENTIAL = /\b(Bearer|Basic)\s+[\w.~+/-]+=*/gi;
const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]{4,}/g;
const STRIPE_SECRET = /\b(?:(?:pi|seti)_\w+_secret_\w+|(?:sk|rk)_(?:test|live)_\w+|whsec_\w+)/g;

/** Text with e-mail addresses, tokens in query strings, credentials and Stripe secrets replaced. */
export function redact(text: string): string {
  return text.replace(EMAIL, '[email]').replace(SECRET_PARAM, '$1[redacted]').replace(CREDENTIAL, '$1 [redacted]').replace(JWT, '[jwt]').replace(STRIPE_SECRET, '[stripe-secret]');
}

/** A path without its query string: `/unsubscribe?donor=…&token=…` is logged as `/unsubscribe`. */
export function pathOnly(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

interface ErrorSummary {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: ErrorSummary;
}

/**
 * An error as a log line holds it: name, message, code and stack, redacted. Never its other fields, which
 * carry what it was about: a query's parameters (TypeORM), a request's options (Stripe), a mail's envelope.
 */
function errorSummary(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redact(error) : error;
  const code = (error as { code?: unknown }).code;
  const summary: ErrorSummary = { type: error.name, message: redact(error.message) };
  if (typeof code === 'string' || typeof code === 'number') summary.code = String(code);
  if (error.stack) summary.stack = redact(error.stack);
  if (error.cause instanceof Error && depth < 2) summary.cause = errorSummary(error.cause, depth + 1) as ErrorSummary;
  return summary;
}

/** The strings of a log call's arguments redacted; Errors are left to the `err` serializer. */
function redacted(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return errorSummary(value);
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redacted(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = redacted(item, depth + 1);
  return copy;
}

/** Logs never hold a request's headers (Authorization, cookies) nor its query string: a request is its method, route and path. */
function requestSummary(request: { method?: string; url?: string; path?: string; route?: string; routeOptions?: { url?: string } }): Record<string, unknown> {
  if (typeof request.url !== 'string') return { method: request.method, route: request.route, path: request.path && pathOnly(request.path) };
  return { method: request.method, route: request.routeOptions?.url, path: pathOnly(request.url) };
}

/**
 * JSON logs on stdout, written in 4 KB batches and at least every second: a write per line cost a tenth
 * of the API's CPU under load. pino flushes what is left when the process exits. Every line goes through
 * `redact` (no e-mail address, token or credential), errors are summarised, requests are method, route and path.
 */
export function createLogger(config: AppConfig): Pino {
  const destination = pino.destination({ dest: 1, minLength: 4096, sync: false });
  setInterval(() => destination.flush(), 1000).unref();
  return pino(
    {
      level: config.LOG_LEVEL,
      serializers: { err: errorSummary, error: errorSummary, req: requestSummary },
      redact: { paths: ['headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie', 'authorization', 'cookie'], censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => redacted(arg)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's logger calls, written through pino. Nest passes the context (the class name given to
 * `new Logger(...)`) as the last parameter; `logger.warn({ error }, 'refused a webhook')` logs the object's fields.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const context = typeof params.at(-1) === 'string' ? (params.pop() as string) : undefined;
    const text = params.find((p): p is string => typeof p === 'string');
    if (message instanceof Error) this.pino[level]({ context, err: message }, text ?? message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ context, ...message }, text ?? '');
    else this.pino[level]({ context }, String(message));
  }
}
