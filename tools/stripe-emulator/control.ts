import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseForm } from './form.js';
import { readBody, sendJson } from './http.js';
import type { StripeEmulator } from './emulator.js';

/**
 * Test controls over HTTP, for processes that did not start the emulator:
 * - `GET  /_emulator/idle`               answers once every webhook delivery so far is acknowledged
 * - `GET  /_emulator/events`             `{data: [...]}`, every event, oldest first
 * - `POST /_emulator/payouts/:id/alter`  `{amount}`: changes the payout's amount, not its transactions
 * - `POST /_emulator/webhook-url`        `{url}`: where webhooks go from now on
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
