/** The body of a Stripe error: `{error: {type, code?, message, param?, decline_code?, …}}`. */
export interface StripeErrorFields {
  type: 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  [extra: string]: unknown;
}

/** Thrown by handlers; the server turns it into Stripe's status code and error body. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly fields: StripeErrorFields,
    readonly headers: Record<string, string> = {},
  ) {
    super(fields.message);
  }

  body(): { error: StripeErrorFields } {
    return { error: this.fields };
  }
}

function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;
}

export function invalidRequest(message: string, details: { param?: string; code?: string } = {}): StripeApiError {
  const fields: StripeErrorFields = { type: 'invalid_request_error', message };
  if (details.code) {
    fields.code = details.code;
    fields.doc_url = docUrl(details.code);
  }
  if (details.param) fields.param = details.param;
  return new StripeApiError(400, fields);
}

/** Stripe answers 404 for an unknown id in the path, 400 for an unknown id in a parameter. */
export function noSuchObject(kind: string, id: string, param?: string): StripeApiError {
  const error = invalidRequest(`No such ${kind}: '${id}'`, { code: 'resource_missing', param: param ?? 'id' });
  return param ? error : new StripeApiError(404, error.fields);
}

export function unexpectedState(message: string): StripeApiError {
  return invalidRequest(message, { code: 'payment_intent_unexpected_state' });
}

export function unauthorized(message: string): StripeApiError {
  return new StripeApiError(401, { type: 'invalid_request_error', message });
}

export function rateLimited(): StripeApiError {
  const fields: StripeErrorFields = {
    type: 'invalid_request_error',
    code: 'rate_limit',
    message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
    doc_url: docUrl('rate_limit'),
  };
  // The stripe SDK retries only what the API marks retryable (or 409/5xx); Stripe's advice for 429 is to back off and retry.
  return new StripeApiError(429, fields, { 'Stripe-Should-Retry': 'true' });
}

export function idempotencyMismatch(key: string, sameEndpoint: boolean): StripeApiError {
  const message = sameEndpoint
    ? `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`
    : `Keys for idempotent requests can only be used for the same endpoint they were first used for. Try using a key other than '${key}' if you meant to execute a different request.`;
  return new StripeApiError(400, { type: 'idempotency_error', message });
}

export function unknownRoute(method: string, path: string): StripeApiError {
  const message = `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`;
  return new StripeApiError(404, { type: 'invalid_request_error', message });
}
