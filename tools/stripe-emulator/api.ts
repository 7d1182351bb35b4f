import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Account } from './account.js';
import { capture } from './capture.js';
import { StripeApiError, rateLimited, unauthorized, unknownRoute } from './errors.js';
import { expandResponse } from './expand.js';
import { parseForm } from './form.js';
import type { Params } from './form.js';
import { readBody, sendJson } from './http.js';
import type { IdempotencyStore } from './idempotency.js';
import { newId } from './ids.js';
import type { RateLimiter } from './rate-limit.js';
import { findRoute } from './router.js';
import type { Route } from './router.js';
import type { RequestOrigin } from './types.js';
import { ACCOUNT_DEFAULT_API_VERSION } from './versions.js';

export interface ApiContext {
  account: Account;
  routes: Route[];
  limiter: RateLimiter;
  idempotency: IdempotencyStore;
}

interface Outcome {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** One `/v1/…` request: authentication, rate limit, idempotency, then the route. */
export async function handleApiRequest(context: ApiContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const requestId = newId('req');
  const apiVersion = headerValue(request, 'stripe-version') ?? ACCOUNT_DEFAULT_API_VERSION;
  const baseHeaders = { 'Request-Id': requestId, 'Stripe-Version': apiVersion };
  try {
    const body = await readBody(request);
    const apiKey = authenticate(request);
    if (!context.limiter.tryAccept()) throw rateLimited();
    const url = new URL(request.url ?? '/', 'http://emulator');
    const method = request.method ?? 'GET';
    const params = parseForm(method === 'POST' ? body : url.search.slice(1));
    const key = method === 'POST' ? headerValue(request, 'idempotency-key') : undefined;
    const endpoint = `${method} ${url.pathname}`;
    const saved = key ? context.idempotency.replay(apiKey, key, endpoint, params) : undefined;
    if (saved && key) {
      // A replay is a request of its own: a new Request-Id, and Original-Request naming the request whose result it repeats.
      sendJson(response, saved.status, saved.body, { ...baseHeaders, 'Idempotency-Key': key, 'Idempotent-Replayed': 'true', 'Original-Request': saved.requestId });
      return;
    }
    const outcome = execute(context, method, url.pathname, params, { id: requestId, idempotencyKey: key ?? null, apiVersion });
    // As in Stripe, a result is kept for replay once the request has run (a success or a card error), not when it was refused up front.
    if (key && (outcome.status < 400 || outcome.status === 402)) {
      context.idempotency.save(apiKey, key, endpoint, params, { status: outcome.status, body: outcome.body, requestId });
    }
    capture({ kind: 'response', method, path: url.pathname, status: outcome.status, body: JSON.parse(outcome.body) });
    sendJson(response, outcome.status, outcome.body, { ...baseHeaders, ...outcome.headers, ...(key ? { 'Idempotency-Key': key } : {}) });
  } catch (error) {
    const outcome = errorOutcome(error);
    sendJson(response, outcome.status, outcome.body, { ...baseHeaders, ...outcome.headers });
  }
}

function execute(context: ApiContext, method: string, path: string, params: Params, origin: RequestOrigin): Outcome {
  try {
    const found = findRoute(context.routes, method, path);
    if (!found) throw unknownRoute(method, path);
    const result = found.route.handle({ account: context.account, params, ids: found.ids, origin });
    const body = expandResponse(context.account, structuredClone(result), params);
    return { status: 200, body: JSON.stringify(body, null, 2), headers: {} };
  } catch (error) {
    return errorOutcome(error);
  }
}

function errorOutcome(error: unknown): Outcome {
  if (error instanceof StripeApiError) {
    return { status: error.status, body: JSON.stringify(error.body(), null, 2), headers: error.headers };
  }
  process.stderr.write(`[stripe-emulator] ${(error as Error).stack ?? String(error)}\n`);
  const body = { error: { type: 'api_error', message: `The Stripe emulator failed: ${(error as Error).message}` } };
  return { status: 500, body: JSON.stringify(body, null, 2), headers: { 'Stripe-Should-Retry': 'false' } };
}

/** A secret key as a Bearer token, or as the user name of Basic auth (`curl -u sk_test_…:`). */
function authenticate(request: IncomingMessage): string {
  const header = headerValue(request, 'authorization');
  if (!header) {
    throw unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  const [scheme, credentials = ''] = header.split(' ');
  const key = scheme.toLowerCase() === 'basic' ? Buffer.from(credentials, 'base64').toString('utf8').split(':')[0] : credentials;
  if (scheme.toLowerCase() !== 'bearer' && scheme.toLowerCase() !== 'basic') throw unauthorized('Invalid authorization header: use Bearer auth with your secret key.');
  if (!/^sk_(test|live)_\w+$/.test(key)) throw unauthorized(`Invalid API Key provided: ${redact(key)}`);
  return key;
}

function redact(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}` : key;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
