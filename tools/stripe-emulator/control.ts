import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseForm } from './form.js';
import { readBody, sendJson } from './http.js';
import type { StripeEmulator } from './emulator.js';
import { PAYOUT_FAILURES } from './payouts.js';
import { isSupportedCurrency } from '../../src/stripe/currencies.js';
import type { Currency } from '../../src/stripe/currencies.js';

/**
 * Test controls over HTTP, for processes that did not start the emulator:
 * - `GET  /_emulator/idle`               answers once every webhook delivery so far is acknowledged
 * - `GET  /_emulator/events`             `{data: [...]}`, every event, oldest first
 * - `POST /_emulator/payouts/:id/alter`  `{amount}`: changes the payout's amount, not its transactions
 * - `POST /_emulator/webhook-url`        `{url}`: where webhooks go from now on
 * - `POST /_emulator/clock/advance`      `{seconds}`: moves the emulator's clock on, playing out what falls due
 * - `POST /_emulator/fx`                 `{usd: 150.12, …}`: exchange rates, yen per major unit; answers the table
 * - `POST /_emulator/payouts/fail-next`  `{failure_code}`: the next payout fails at the bank with that code
 * Bodies may be JSON or form-encoded.
 */
export async function handleControlRequest(emulator: StripeEmulator, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://emulator').pathname;
  const body = await readBody(request);
  if (request.method === 'GET' && path === '/_emulator/idle') {
    await emulator.idle();
    return sendJson(response, 200, { idle: true });
  }
  if (request.method === 'GET' && path === '/_emulator/events') return sendJson(response, 200, { data: emulator.events() });
  const alter = /^\/_emulator\/payouts\/([^/]+)\/alter$/.exec(path);
  if (request.method === 'POST' && alter) return alterPayout(emulator, decodeURIComponent(alter[1]), readFields(request, body), response);
  if (request.method === 'POST' && path === '/_emulator/clock/advance') return advanceClock(emulator, readFields(request, body), response);
  if (request.method === 'POST' && path === '/_emulator/fx') return setRates(emulator, readFields(request, body), response);
  if (request.method === 'POST' && path === '/_emulator/payouts/fail-next') return failNext(emulator, readFields(request, body), response);
  if (request.method === 'POST' && path === '/_emulator/webhook-url') {
    const { url } = readFields(request, body);
    emulator.setWebhookUrl(typeof url === 'string' && url !== '' ? url : undefined);
    return sendJson(response, 200, { url: url ?? null });
  }
  sendJson(response, 404, { error: `No emulator control at ${request.method} ${path}` });
}

function alterPayout(emulator: StripeEmulator, payoutId: string, fields: Record<string, unknown>, response: ServerResponse): void {
  const amount = Number(fields.amount);
  if (!Number.isInteger(amount)) {
    sendJson(response, 400, { error: 'amount must be an integer' });
    return;
  }
  try {
    sendJson(response, 200, emulator.alterPayoutAmount(payoutId, amount));
  } catch {
    sendJson(response, 404, { error: `No such payout: ${payoutId}` });
  }
}

function advanceClock(emulator: StripeEmulator, fields: Record<string, unknown>, response: ServerResponse): void {
  const seconds = Number(fields.seconds);
  if (!Number.isInteger(seconds) || seconds < 0) {
    sendJson(response, 400, { error: 'seconds must be an integer ≥ 0' });
    return;
  }
  emulator.advanceClock(seconds);
  sendJson(response, 200, { now: emulator.nowSeconds() });
}

function setRates(emulator: StripeEmulator, fields: Record<string, unknown>, response: ServerResponse): void {
  const rates: Partial<Record<Currency, number>> = {};
  for (const [currency, value] of Object.entries(fields)) {
    const rate = Number(value);
    if (!isSupportedCurrency(currency) || !(rate > 0)) {
      sendJson(response, 400, { error: `${currency}: a supported currency with a positive rate (yen per unit) is expected` });
      return;
    }
    rates[currency] = rate;
  }
  sendJson(response, 200, emulator.setExchangeRates(rates));
}

function failNext(emulator: StripeEmulator, fields: Record<string, unknown>, response: ServerResponse): void {
  const failureCode = typeof fields.failure_code === 'string' ? fields.failure_code : 'account_closed';
  if (!PAYOUT_FAILURES[failureCode]) {
    sendJson(response, 400, { error: `failure_code must be one of ${Object.keys(PAYOUT_FAILURES).join(', ')}` });
    return;
  }
  emulator.failNextPayout(failureCode);
  sendJson(response, 200, { failure_code: failureCode });
}

function readFields(request: IncomingMessage, body: string): Record<string, unknown> {
  if (!body) return {};
  if ((request.headers['content-type'] ?? '').includes('application/json')) {
    try {
      return JSON.parse(body) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return parseForm(body);
}
