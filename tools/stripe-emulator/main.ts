import { startStripeEmulator } from './emulator.js';
import type { StripeEmulatorOptions } from './emulator.js';
import { settlementFromEnv } from './env.js';

/** `npm run stripe:emulator`: the emulator configured by env only (see ../shared/CONTRACT.md). */

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function integerFromEnv(name: string, fallback: number | undefined, minimum: number): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < minimum) fail(`${name} must be an integer ≥ ${minimum}, got "${text}"`);
  return Number(text);
}

function flagFromEnv(name: string): boolean {
  const text = process.env[name] ?? '';
  if (!['', '0', '1'].includes(text)) fail(`${name} must be 1 (on) or 0 (off), got "${text}"`);
  return text === '1';
}

function publicUrlFromEnv(): string | undefined {
  const text = process.env.STRIPE_EMULATOR_PUBLIC_URL;
  if (!text) return undefined;
  if (!URL.canParse(text) || !['http:', 'https:'].includes(new URL(text).protocol)) fail(`STRIPE_EMULATOR_PUBLIC_URL must be an http or https URL, got "${text}"`);
  return text;
}

function settlementOptionsFromEnv() {
  try {
    return settlementFromEnv(process.env);
  } catch (error) {
    fail((error as Error).message);
  }
}

function optionsFromEnv(): StripeEmulatorOptions {
  const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!webhookSecret) fail('STRIPE_WEBHOOK_SECRET is required (the webhook signing secret, whsec_…)');
  if (!/^whsec_\S+$/.test(webhookSecret)) fail('STRIPE_WEBHOOK_SECRET is malformed: it must start with whsec_');
  const shuffle = flagFromEnv('STRIPE_EMULATOR_SHUFFLE');
  const host = process.env.STRIPE_EMULATOR_HOST || '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) fail(`STRIPE_EMULATOR_HOST must be an interface address such as 127.0.0.1 or 0.0.0.0, got "${host}"`);
  return {
    port: integerFromEnv('STRIPE_EMULATOR_PORT', 12111, 0),
    // This machine only, unless told otherwise (docker-compose lets its other containers in with 0.0.0.0).
    host,
    webhookUrl: process.env.STRIPE_EMULATOR_WEBHOOK_URL || 'http://127.0.0.1:3000/api/webhooks/stripe',
    webhookSecret,
    duplicates: integerFromEnv('STRIPE_EMULATOR_DUPLICATES', 1, 1),
    shuffle,
    control: flagFromEnv('STRIPE_EMULATOR_CONTROL'),
    rateLimit: integerFromEnv('STRIPE_EMULATOR_RATE_LIMIT', undefined, 1),
    // Where a browser reaches the emulator (the konbini voucher pages); its own http://127.0.0.1:<port> unless set.
    publicUrl: publicUrlFromEnv(),
    ...settlementOptionsFromEnv(),
  };
}

async function main(): Promise<void> {
  const options = optionsFromEnv();
  const emulator = await startStripeEmulator(options);
  process.stdout.write(`Stripe emulator listening on ${options.host}:${emulator.port} (${emulator.url}), webhooks to ${options.webhookUrl}\n`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => fail(`stripe emulator: ${error.message}`));
