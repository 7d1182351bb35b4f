import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Account } from './account.js';
import { contentSecurityPolicy, pickLocale, renderForm, renderLinkProblem } from './checkout-page.js';
import type { CardField, DeclineCode, FieldError, FormView, InputProblem, LinkProblem, Locale } from './checkout-page.js';
import { StripeApiError } from './errors.js';
import { readBody, sendHtml } from './http.js';
import { newId } from './ids.js';
import { CONFIRMABLE, confirmPaymentIntent } from './payments.js';
import { DECLINE_MESSAGES, TEST_CARD_NUMBERS } from './test-cards.js';
import type { PaymentIntent } from './types.js';
import { PINNED_API_VERSION } from './versions.js';

/**
 * A card form standing in for Stripe's hosted payment page in local runs. The donor's browser calls
 * it, so it takes no API key; the PaymentIntent's client_secret is the credential, as in Stripe.
 *
 * GET /checkout/:pi?client_secret=…&return_url=…&locale=en|ja|auto (auto or none: the browser's Accept-Language)
 *   200 the form · 404 no such PaymentIntent · 400 client_secret is not the PaymentIntent's, or
 *   return_url is not an http(s) URL · 409 the PaymentIntent is not awaiting payment (e.g. succeeded)
 * POST /checkout/:pi, form-encoded: card_number, exp (MM / YY), cvc, client_secret, return_url, locale
 *   303 paid: to return_url plus payment_intent, payment_intent_client_secret, redirect_status=succeeded
 *   402 declined: the form again, the decline in role="alert"; the PaymentIntent can be paid again
 *   400 a card field is wrong: the form again, the messages in role="alert"; nothing is confirmed
 *   and the same 404 / 400 / 409 pages as GET
 */

const PATH_PREFIX = '/checkout/';
const EMPTY_CARD: Record<CardField, string> = { card_number: '', exp: '', cvc: '' };

export async function handleCheckoutRequest(account: Account, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const method = request.method ?? 'GET';
  const fields = method === 'POST' ? new URLSearchParams(await readBody(request)) : url.searchParams;
  const locale: Locale = pickLocale(fields.get('locale'), request.headers['accept-language']);
  const sendProblem = (status: number, problem: LinkProblem, detail?: string, headers: Record<string, string> = {}) =>
    sendHtml(response, status, renderLinkProblem(locale, problem, detail), { ...pageHeaders([]), ...headers });

  if (method !== 'GET' && method !== 'POST') return sendProblem(405, 'method_not_allowed', method, { Allow: 'GET, POST' });
  const id = url.pathname.slice(PATH_PREFIX.length);
  const intent = account.paymentIntents.find(id);
  if (!intent) return sendProblem(404, 'not_found', id);
  if (fields.get('client_secret') !== intent.client_secret) return sendProblem(400, 'bad_client_secret');
  const returnUrl = httpUrl(fields.get('return_url'));
  if (!returnUrl) return sendProblem(400, 'bad_return_url');
  if (!CONFIRMABLE.includes(intent.status)) return sendProblem(409, 'not_payable', intent.status);

  const view: FormView = { intent, locale, returnUrl: returnUrl.href, values: EMPTY_CARD, errors: [] };
  const sendForm = (status: number, changes: Partial<FormView>) => sendHtml(response, status, renderForm({ ...view, ...changes }), pageHeaders(["'self'", returnUrl.origin]));
  if (method === 'GET') return sendForm(200, {});

  const values = { card_number: fields.get('card_number') ?? '', exp: fields.get('exp') ?? '', cvc: fields.get('cvc') ?? '' };
  const { paymentMethod, errors } = readCard(values, new Date());
  if (!paymentMethod || errors.length > 0) return sendForm(400, { values, errors });
  const decline = confirmWithCard(account, intent, paymentMethod, returnUrl.href);
  if (decline) return sendForm(402, { values, decline });
  response.writeHead(303, { Location: redirectUrl(returnUrl, intent), 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  response.end();
}

/** The same confirmation as `POST /v1/payment_intents/:id/confirm`; returns the decline code when the card is declined. */
function confirmWithCard(account: Account, intent: PaymentIntent, paymentMethod: string, returnUrl: string): DeclineCode | undefined {
  try {
    confirmPaymentIntent(account, intent, { payment_method: paymentMethod, return_url: returnUrl }, { id: newId('req'), idempotencyKey: null, apiVersion: PINNED_API_VERSION });
    return undefined;
  } catch (error) {
    if (!(error instanceof StripeApiError) || error.status !== 402) throw error;
    const code = error.fields.decline_code;
    return code !== undefined && Object.hasOwn(DECLINE_MESSAGES, code) ? (code as DeclineCode) : 'generic_decline';
  }
}

/** Stripe appends these three to the return_url after a redirect, keeping the query it already has. */
function redirectUrl(returnUrl: URL, intent: PaymentIntent): string {
  const added = new URLSearchParams({
    payment_intent: intent.id,
    payment_intent_client_secret: intent.client_secret as string,
    redirect_status: 'succeeded',
  });
  const target = new URL(returnUrl.href);
  target.search = target.search ? `${target.search}&${added}` : `?${added}`;
  return target.href;
}

function readCard(values: Record<CardField, string>, now: Date): { paymentMethod?: string; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const number = values.card_number.replace(/\s/g, '');
  const paymentMethod = Object.hasOwn(TEST_CARD_NUMBERS, number) ? TEST_CARD_NUMBERS[number] : undefined;
  if (number === '') errors.push({ field: 'card_number', problem: 'number_incomplete' });
  else if (!paymentMethod) errors.push({ field: 'card_number', problem: 'number_incorrect' });
  const expiry = expiryProblem(values.exp, now);
  if (expiry) errors.push({ field: 'exp', problem: expiry });
  const cvc = cvcProblem(values.cvc);
  if (cvc) errors.push({ field: 'cvc', problem: cvc });
  return { paymentMethod, errors };
}

/** `MM / YY`, also without the slash (phone keypads have none) and with a four-digit year (some autofill sends one). */
function expiryProblem(text: string, now: Date): InputProblem | undefined {
  const compact = text.replace(/\s/g, '');
  const match = /^(\d{1,2})\/(\d{2}|\d{4})$/.exec(compact) ?? /^(\d{2})(\d{2})$/.exec(compact);
  if (!match) return 'expiry_format';
  const month = Number(match[1]);
  const year = match[2].length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return 'expiry_month_invalid';
  // A card is good through the last day of its expiry month.
  if (year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) return 'expiry_past';
  return undefined;
}

function cvcProblem(text: string): InputProblem | undefined {
  const cvc = text.trim();
  if (!/^\d*$/.test(cvc) || cvc.length > 4) return 'cvc_invalid';
  if (cvc.length < 3) return 'cvc_incomplete';
  return undefined;
}

function httpUrl(text: string | null): URL | undefined {
  if (!text || !URL.canParse(text)) return undefined;
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

/** The page carries the client_secret: never cached, never sent on as a referrer. */
function pageHeaders(formTargets: string[]): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(formTargets),
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
  };
}
