import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Stripe from 'stripe';
import { startStripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import type { StripeEmulator, StripeEmulatorOptions } from '../../tools/stripe-emulator/emulator.js';

export const WEBHOOK_SECRET = 'whsec_emulator_tests';

export function startEmulator(options: Partial<StripeEmulatorOptions> = {}): Promise<StripeEmulator> {
  return startStripeEmulator({ port: 0, webhookSecret: WEBHOOK_SECRET, control: true, ...options });
}

export function sdkFor(emulator: StripeEmulator, maxNetworkRetries = 0): Stripe {
  return new Stripe('sk_test_emulator', { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries });
}

interface Delivery {
  body: string;
  signature: string;
  contentType: string;
  event: { id: string; type: string; created: number };
}

export interface Receiver {
  url: string;
  deliveries: Delivery[];
  close(): Promise<void>;
}

/** A webhook endpoint that records every delivery and answers `statusFor(n)` to the n-th (from 1). */
export async function startReceiver(statusFor: (attempt: number) => number = () => 200): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      deliveries.push({
        body,
        signature: String(request.headers['stripe-signature']),
        contentType: String(request.headers['content-type']),
        event: JSON.parse(body),
      });
      response.writeHead(statusFor(deliveries.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Encodes params the way Stripe's clients do: bracket notation, indexed arrays. */
function formEncode(params: Record<string, unknown>, prefix = ''): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (value !== null && typeof value === 'object') {
      const nested = Array.isArray(value) ? Object.fromEntries(value.map((item, index) => [index, item])) : (value as Record<string, unknown>);
      pairs.push(formEncode(nested, name));
    } else {
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    }
  }
  return pairs.filter(Boolean).join('&');
}

export interface RawResult {
  status: number;
  body: any;
  headers: Headers;
}

/** A request to the emulator over plain HTTP, params form-encoded (POST) or in the query (GET). */
export async function rawRequest(
  emulator: StripeEmulator,
  method: string,
  path: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<RawResult> {
  const encoded = formEncode(params);
  const url = method === 'GET' && encoded ? `${emulator.url}${path}?${encoded}` : `${emulator.url}${path}`;
  const response = await fetch(url, {
    method,
    headers: { Authorization: 'Bearer sk_test_emulator', 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: method === 'POST' ? encoded : undefined,
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** A successful usd or jpy charge through the SDK; returns the PaymentIntent with its charge and balance transaction expanded. */
export async function paidIntent(stripe: Stripe, amount: number, currency = 'usd', paymentMethod = 'pm_card_visa') {
  return stripe.paymentIntents.create({
    amount,
    currency,
    payment_method: paymentMethod,
    confirm: true,
    expand: ['latest_charge.balance_transaction'],
  });
}

export function expandedCharge(intent: Stripe.PaymentIntent): Stripe.Charge {
  return intent.latest_charge as Stripe.Charge;
}

export function expandedTransaction(intent: Stripe.PaymentIntent): Stripe.BalanceTransaction {
  return expandedCharge(intent).balance_transaction as Stripe.BalanceTransaction;
}

const TRIGGERS = join(process.cwd(), '../shared/stripe-cli-triggers');

export interface TriggerStep {
  name: string;
  path: string;
  method: 'get' | 'post';
  params?: Record<string, unknown>;
  expected_error_type?: string;
}

/** The Stripe CLI's `stripe trigger` recipes (../shared/stripe-cli-triggers): `[event type, steps]`. */
export function triggerRecipes(): Array<readonly [string, TriggerStep[]]> {
  return readdirSync(TRIGGERS)
    .filter((file) => file.endsWith('.json'))
    .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(TRIGGERS, file), 'utf8')).fixtures as TriggerStep[]] as const);
}

/** `${payment_intent:id}` → the `id` of the response named `payment_intent`; paths are dotted (`data.0.id`). */
function resolveReferences(value: unknown, responses: Map<string, unknown>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{(\w+):([\w.]+)\}/g, (_, name: string, path: string) => {
      let node = responses.get(name) as any;
      for (const segment of path.split('.')) node = node?.[segment];
      if (typeof node !== 'string' && typeof node !== 'number') throw new Error(`unresolved reference ${name}:${path}`);
      return String(node);
    });
  }
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, responses));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveReferences(item, responses)]));
  return value;
}

/** Runs a recipe's requests in order as the Stripe CLI sends them (without `Stripe-Version`, so at the account's default API version). */
export async function runTriggerRecipe(emulator: StripeEmulator, steps: TriggerStep[]): Promise<Array<{ step: TriggerStep; result: RawResult }>> {
  const responses = new Map<string, unknown>();
  const results: Array<{ step: TriggerStep; result: RawResult }> = [];
  for (const step of steps) {
    const path = resolveReferences(step.path, responses) as string;
    const params = resolveReferences(step.params ?? {}, responses) as Record<string, unknown>;
    const result = await rawRequest(emulator, step.method.toUpperCase(), path, params);
    responses.set(step.name, result.body);
    results.push({ step, result });
    // A step that went otherwise than the recipe expects leaves later references unresolved: the caller reports it.
    if ((result.status !== 200) !== Boolean(step.expected_error_type)) break;
  }
  return results;
}
