import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, HTTP_STATUS_BY_KIND } from './domain-error.js';

/** Codes of failures no module raises itself: the request's shape, a missing route, a dependency away, a bug. */
export const COMMON_ERROR_CODES = [
  'validation_failed',
  'invalid_json',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'method_not_allowed',
  'unauthenticated',
  'forbidden',
  'rate_limited',
  'bad_request',
  'service_unavailable',
  'database_unavailable',
  'redis_unavailable',
  'internal_error',
] as const;
type CommonErrorCode = (typeof COMMON_ERROR_CODES)[number];

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Stable and snake_case: a module's own code (DomainError), or one of COMMON_ERROR_CODES. */
  code: string;
}

const CODE_BY_STATUS: Record<number, CommonErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** Fastify's own client errors, before any handler ran. */
function fastifyCode(error: unknown, statusCode: number): CommonErrorCode {
  const code = String((error as { code?: string })?.code ?? '');
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) return 'invalid_json';
  return CODE_BY_STATUS[statusCode] ?? 'bad_request';
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Database errors that mean "PostgreSQL is not reachable right now" rather than a bug. */
function isDatabaseUnavailable(error: unknown): boolean {
  const text = String((error as Error)?.message ?? '');
  const code = (error as { code?: string })?.code ?? '';
  // A server stopped mid-query resets its connections (ECONNRESET, EPIPE), as well as refusing new ones.
  return (
    /ECONNREFUSED|ECONNRESET|EPIPE|Connection terminated|timeout exceeded when trying to connect|the database system is/.test(text) || code.startsWith('57P') || code === '08006'
  );
}

/**
 * ioredis errors that mean "Redis is not reachable right now": request paths fail fast instead of queueing
 * (src/redis/redis.module.ts), so a Redis outage reaches here while the rate limiter or readiness use it.
 */
function isRedisUnavailable(error: unknown): boolean {
  const name = (error as Error)?.name;
  const text = String((error as Error)?.message ?? '');
  return name === 'MaxRetriesPerRequestError' || /^Connection is closed\.$|^Stream isn't writeable and enableOfflineQueue/.test(text);
}

export function errorBody(exception: unknown): ErrorBody {
  if (exception instanceof DomainError) {
    const statusCode = HTTP_STATUS_BY_KIND[exception.kind];
    return { statusCode, error: REASONS[statusCode], message: exception.message, code: exception.code };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const message = Array.isArray(raw) ? raw.join('; ') : String(raw ?? exception.message);
    // Nest wraps Fastify's own client errors (bad JSON, a body too large) in an HttpException with the original as cause.
    const code = exception.cause ? fastifyCode(exception.cause, statusCode) : (CODE_BY_STATUS[statusCode] ?? (statusCode >= 500 ? 'internal_error' : 'bad_request'));
    return { statusCode, error: REASONS[statusCode] ?? 'Error', message, code };
  }
  const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    // Errors raised by Fastify itself before a handler runs: bad JSON, a body too large, a wrong content type.
    return { statusCode: fastifyStatus, error: REASONS[fastifyStatus] ?? 'Error', message: (exception as Error).message, code: fastifyCode(exception, fastifyStatus) };
  }
  if (isRedisUnavailable(exception)) {
    return { statusCode: 503, error: REASONS[503], message: 'Redis is unavailable; try again shortly', code: 'redis_unavailable' };
  }
  if (isDatabaseUnavailable(exception)) {
    return { statusCode: 503, error: REASONS[503], message: 'The database is unavailable; try again shortly', code: 'database_unavailable' };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: REASONS[500], message: 'Internal server error', code: 'internal_error' };
}

/** The one place where any error becomes `{statusCode, error, message, code}`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = errorBody(exception);
    // A summary (the error's name, message, code and stack, through the logger's `err` serializer, and the route):
    // never the request's query string, headers or body, nor the error's own fields (a query's parameters).
    if (body.statusCode >= 500) {
      const request = host.switchToHttp().getRequest<FastifyRequest>();
      this.logger.error({ err: exception, method: request.method, route: request.routeOptions?.url ?? 'unmatched', code: body.code }, 'request failed');
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // A route that answers HTML has set its content type before a pipe or the handler threw: the error is JSON.
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
