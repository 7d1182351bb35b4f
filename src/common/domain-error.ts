/**
 * A module throws its own subclass of DomainError, whose code is one of the module's error codes (a union the
 * compiler checks); the exception filter maps the kind to an HTTP status and puts the code in the body.
 * Kinds name what went wrong for the caller, so the same error reads the same from HTTP or from a job.
 */
export type ErrorKind =
  | 'invalid' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'unprocessable' // 422
  | 'rate_limited' // 429
  | 'upstream_failed' // 502
  | 'unavailable'; // 503

export abstract class DomainError<Code extends string = string> extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export const HTTP_STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  upstream_failed: 502,
  unavailable: 503,
};
