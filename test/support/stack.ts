import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Stripe from 'stripe';
import { StripeSyncService, type SyncResult } from '../../src/reconciliation/stripe-sync.service.js';
import { WorkerModule } from '../../src/worker.module.js';
import { startStripeEmulator, type StripeEmulator } from '../../tools/stripe-emulator/emulator.js';
import { startMailCatcher, type MailCatcher } from '../../tools/mail-catcher/mail-catcher.js';
import { TestApp, startTestApp } from './app.js';
import { waitUntil } from './wait.js';

const WEBHOOK_SECRET = 'whsec_test_secret';

export interface StackOptions {
  duplicates?: number;
  shuffle?: boolean;
  rateLimit?: number;
  /** Serve the emulator's test controls under /_emulator/ (exchange rates, clock), for tests that speak to them over HTTP. */
  control?: boolean;
  /** The Stripe account's settlement currency, for the emulator and for Kizuna alike (both default to jpy). */
  settlementCurrency?: 'jpy' | 'usd';
  /** Extra environment for the API and the worker. */
  env?: Record<string, string>;
  /** Leave the worker out, for tests that run it as a separate process. */
  withoutWorker?: boolean;
}

/** The API and the worker on a fresh database, with the Stripe emulator delivering webhooks to the API. */
export class Stack {
  constructor(
    readonly app: TestApp,
    readonly emulator: StripeEmulator,
    readonly worker: INestApplicationContext,
    readonly stripe: Stripe,
    readonly mail: MailCatcher,
  ) {}

  /** Every webhook delivered, and every stored event applied: what a test checks after a payment. */
  async settled(): Promise<void> {
    await this.emulator.idle();
    await this.app.inboxApplied();
  }

  /** Runs the balance-transaction sync now, as the worker's scheduled job does. */
  sync(): Promise<SyncResult> {
    return this.worker.get(StripeSyncService).sync();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.app.close();
    await this.emulator.close();
    await this.mail.close();
  }
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const { env, withoutWorker, settlementCurrency = 'jpy', ...faults } = options;
  const emulator = await startStripeEmulator({ port: 0, webhookSecret: WEBHOOK_SECRET, settlementCurrency, ...faults });
  const mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  const app = await startTestApp({
    STRIPE_API_BASE: emulator.url,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_SETTLEMENT_CURRENCY: settlementCurrency,
    SMTP_URL: mail.smtpUrl,
    ...env,
  });
  emulator.setWebhookUrl(`${app.url}/api/webhooks/stripe`);
  const worker = withoutWorker ? undefined : await NestFactory.createApplicationContext(WorkerModule.forRoot(app.config), { logger: false });
  // Under a rate limit the test's own requests queue behind the worker's: the client backs off as often as it takes.
  const maxNetworkRetries = faults.rateLimit ? 10 : 3;
  const stripe = new Stripe('sk_test_emulator', { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries });
  return new Stack(app, emulator, worker!, stripe, mail);
}

/** A staff account made as test/support/app.ts makes them: its email is in the token, its password follows the role. */
export async function staffAccount(stack: Stack, role: 'coordinator' | 'finance'): Promise<{ email: string; password: string; token: string }> {
  const token = await stack.app.staffToken(role);
  const { email } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
  return { email: email as string, password: `${role}-password-123`, token };
}

export interface CampaignSpec {
  currency: string;
  goalAmount?: number;
  title?: string;
  /** Sent instead of title and region: `{ja?: {title, story, region}, en?: {…}}`. */
  translations?: Record<string, { title: string; story?: string; region: string }>;
}

/** Creates and publishes a campaign through the API; returns its id. */
export async function activeCampaign(app: TestApp, token: string, spec: CampaignSpec): Promise<string> {
  const created = await app.request('POST', '/api/campaigns', {
    token,
    body: {
      ...(spec.translations ? { translations: spec.translations } : { title: spec.title ?? `Relief ${spec.currency} ${Math.random()}`, region: 'Tōhoku' }),
      disasterType: 'earthquake',
      currency: spec.currency,
      goalAmount: spec.goalAmount ?? 10_000_000,
    },
  });
  if (created.status !== 201) throw new Error(`campaign: ${created.status} ${created.text}`);
  const published = await app.request('POST', `/api/campaigns/${created.body.id}/publish`, { token });
  if (published.status !== 201) throw new Error(`publish: ${published.status} ${published.text}`);
  return created.body.id as string;
}

export interface Gift {
  amount: number;
  currency: string;
  email?: string;
  paymentMethod?: string;
  coverFees?: boolean;
  language?: 'en' | 'ja';
  subscribeToUpdates?: boolean;
  name?: string;
}

export interface GiftResult {
  donationId: string;
  paymentIntentId: string;
  declined: boolean;
}

/** What a donor's browser does: ask Kizuna for a donation, then confirm the PaymentIntent with a card. */
export async function give(stack: Stack, campaignId: string, gift: Gift): Promise<GiftResult> {
  const created = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, {
    body: {
      amount: gift.amount,
      currency: gift.currency,
      email: gift.email ?? 'donor@example.org',
      coverFees: gift.coverFees,
      language: gift.language,
      subscribeToUpdates: gift.subscribeToUpdates,
      name: gift.name,
    },
  });
  if (created.status !== 201) throw new Error(`donation: ${created.status} ${created.text}`);
  let declined = false;
  try {
    await stack.stripe.paymentIntents.confirm(created.body.paymentIntentId, { payment_method: gift.paymentMethod ?? 'pm_card_visa' });
  } catch (error) {
    if ((error as Stripe.errors.StripeError).code !== 'card_declined') throw error;
    declined = true;
  }
  return { donationId: created.body.donationId, paymentIntentId: created.body.paymentIntentId, declined };
}

/**
 * Runs a reconciliation through the API, as finance starts one, and waits for its answer. The period ends by default
 * one second past the emulator's present (tests move its clock days ahead of the wall clock; the end is exclusive).
 */
export async function reconcile(stack: Stack, token: string, to = new Date((stack.emulator.nowSeconds() + 1) * 1000)) {
  const started = await stack.app.request('POST', '/api/finance/reconciliation/runs', { token, body: { to: to.toISOString() } });
  if (started.status !== 202) throw new Error(`starting a reconciliation answered ${started.status}: ${JSON.stringify(started.body)}`);
  return waitUntil(
    'the reconciliation run to finish',
    async () => {
      const run = (await stack.app.request('GET', `/api/finance/reconciliation/runs/${started.body.runId}`, { token })).body;
      return run.status === 'completed' || run.status === 'failed' ? run : null;
    },
    120_000,
  );
}
