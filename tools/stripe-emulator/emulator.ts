import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Account } from './account.js';
import { handleApiRequest } from './api.js';
import type { ApiContext } from './api.js';
import { handleCheckoutRequest } from './checkout.js';
import { EmulatorClock, activateClock } from './clock.js';
import { handleControlRequest } from './control.js';
import { EventLog } from './events.js';
import { ExchangeRates } from './fx.js';
import { sendJson } from './http.js';
import { IdempotencyStore } from './idempotency.js';
import { IdleTracker, Scheduler } from './idle.js';
import { SettlementCalendar } from './payout-schedule.js';
import type { PayoutSchedule } from './payout-schedule.js';
import { alterPayoutAmount, failNextPayout } from './payouts.js';
import { RateLimiter } from './rate-limit.js';
import type { Route } from './router.js';
import { customerRoutes } from './customer-balance.js';
import { moneyRoutes } from './routes-money.js';
import { paymentRoutes } from './routes-payments.js';
import { catchUp } from './timeline.js';
import type { Payout, StripeEvent } from './types.js';
import { VOUCHER_PATH } from './async-payments.js';
import { handleVoucherRequest } from './voucher-page.js';
import { WebhookDeliverer } from './webhooks.js';
import type { Currency } from '../../src/stripe/currencies.js';

export interface StripeEmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Interface to listen on; 127.0.0.1 unless given (the container uses 0.0.0.0). */
  host?: string;
  /** Where webhooks go; none are sent while it is unset. */
  webhookUrl?: string;
  /** Signs webhooks, `whsec_…`. */
  webhookSecret: string;
  /** Deliver every event this many times (default 1). */
  duplicates?: number;
  /** Deliver events in random order. */
  shuffle?: boolean;
  /** API requests per second; unset means unlimited. */
  rateLimit?: number;
  /** Serve the test controls under /_emulator/ (control.ts); off unless asked, since they rewrite its state. */
  control?: boolean;
  /** The account's settlement currency, the only one its balance holds (default jpy, a Japanese account). */
  settlementCurrency?: Currency;
  /** When automatic payouts sweep the available balance (default daily). */
  payoutSchedule?: PayoutSchedule;
  /** Where browsers reach the emulator, the base of the konbini voucher URLs it hands out (default: its own `url`). */
  publicUrl?: string;
}

export interface StripeEmulator {
  url: string;
  port: number;
  setWebhookUrl(url: string | undefined): void;
  /** Resolves once every webhook delivery queued so far was acknowledged with a 2xx and no delayed Stripe step is pending. */
  idle(): Promise<void>;
  /** Every event, oldest first. */
  events(): StripeEvent[];
  /** Changes a payout's amount and nothing else (its balance transactions stay), for reconciliation tests. */
  alterPayoutAmount(payoutId: string, amount: number): Payout;
  /** Moves the emulator's clock on and plays out what falls due meanwhile (funds available, payouts). */
  advanceClock(seconds: number): void;
  /** The emulator's time, in seconds since the epoch. */
  nowSeconds(): number;
  /** Changes exchange rates: yen per major unit of each currency given (fx.ts). */
  setExchangeRates(rates: Partial<Record<Currency, number>>): Record<Currency, number>;
  /** Makes the next payout fail at the bank with a Stripe failure code (`account_closed`, …). */
  failNextPayout(failureCode: string): void;
  close(): Promise<void>;
}

/** How long Stripe's "a moment later" steps (a refund failing, a dispute settling) take in the emulator. */
const LATER_MS = 20;

export async function startStripeEmulator(options: StripeEmulatorOptions): Promise<StripeEmulator> {
  checkOptions(options);
  const idle = new IdleTracker();
  const deliverer = new WebhookDeliverer({
    url: options.webhookUrl,
    secret: options.webhookSecret,
    duplicates: options.duplicates ?? 1,
    shuffle: options.shuffle ?? false,
    idle,
  });
  const clock = new EmulatorClock();
  activateClock(clock);
  const scheduler = new ClockedScheduler(idle, LATER_MS, clock);
  const events = new EventLog(
    (event) => deliverer.enqueue(event),
    () => deliverer.endpointCount(),
  );
  const settlementCurrency = options.settlementCurrency ?? 'jpy';
  const calendar = new SettlementCalendar(settlementCurrency, options.payoutSchedule ?? 'daily');
  const account = new Account(events, scheduler, { currency: settlementCurrency, rates: new ExchangeRates(), calendar, clock });
  const onTime = <T>(work: () => T): T => {
    activateClock(clock);
    catchUp(account);
    return work();
  };
  const api: ApiContext = {
    account,
    routes: [...paymentRoutes, ...moneyRoutes, ...customerRoutes].map((route) => onTimeRoute(route, onTime)),
    limiter: new RateLimiter(options.rateLimit),
    idempotency: new IdempotencyStore(),
  };
  // A konbini voucher paid "three minutes later" must be paid then even if nobody calls the API meanwhile (local runs).
  const ticker = setInterval(() => {
    if (account.dueSteps.some((step) => step.at <= clock.nowSeconds())) onTime(() => undefined);
  }, 1000);
  ticker.unref();
  let emulator: StripeEmulator | undefined;
  const pages: Pages = {
    voucher: (request, response) => onTime(() => handleVoucherRequest(account, request, response)),
  };
  const server = createServer((request, response) => {
    activateClock(clock);
    void dispatch(api, pages, emulator as StripeEmulator, request, response, options.control ?? false);
  });
  const port = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  account.publicUrl = (options.publicUrl ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  emulator = {
    url: `http://127.0.0.1:${port}`,
    port,
    setWebhookUrl: (url) => deliverer.setUrl(url),
    idle: () => idle.wait(),
    events: () => structuredClone([...events.all.oldestFirst()]),
    alterPayoutAmount: (payoutId, amount) => structuredClone(alterPayoutAmount(account, payoutId, amount)),
    advanceClock: (seconds) =>
      onTime(() => {
        clock.advance(seconds);
        catchUp(account);
      }),
    nowSeconds: () => clock.nowSeconds(),
    setExchangeRates: (rates) => {
      account.settlement.rates.set(rates);
      return account.settlement.rates.table();
    },
    failNextPayout: (failureCode) => failNextPayout(account, failureCode),
    close: () => {
      clearInterval(ticker);
      return closeAll(server, deliverer, scheduler);
    },
  };
  return emulator;
}

/** Every API request first catches up with what fell due since the last one, on this emulator's clock. */
function onTimeRoute(route: Route, onTime: <T>(work: () => T) => T): Route {
  return { ...route, handle: (context) => onTime(() => route.handle(context)) };
}

/** Stripe's "a moment later" steps, on this emulator's clock. */
class ClockedScheduler extends Scheduler {
  constructor(
    idle: IdleTracker,
    delayMs: number,
    private readonly clock: EmulatorClock,
  ) {
    super(idle, delayMs);
  }

  override later(step: () => void): void {
    super.later(() => {
      activateClock(this.clock);
      step();
    });
  }
}

function checkOptions(options: StripeEmulatorOptions): void {
  if (!options.webhookSecret) throw new Error('webhookSecret is required');
  if (options.duplicates !== undefined && (!Number.isInteger(options.duplicates) || options.duplicates < 1)) {
    throw new Error('duplicates must be an integer ≥ 1');
  }
  if (options.rateLimit !== undefined && (!Number.isInteger(options.rateLimit) || options.rateLimit < 1)) {
    throw new Error('rateLimit must be an integer ≥ 1');
  }
  if (options.publicUrl !== undefined && !/^https?:$/.test(URL.canParse(options.publicUrl) ? new URL(options.publicUrl).protocol : '')) {
    throw new Error('publicUrl must be an http or https URL');
  }
}

/** Pages a browser opens, without an API key. */
interface Pages {
  voucher: (request: IncomingMessage, response: ServerResponse) => void;
}

async function dispatch(api: ApiContext, pages: Pages, emulator: StripeEmulator, request: IncomingMessage, response: ServerResponse, control: boolean): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  try {
    if (path === '/health') return sendJson(response, 200, { status: 'ok' });
    if (path.startsWith('/_emulator/')) {
      if (!control) return sendJson(response, 404, { error: 'emulator controls are off (STRIPE_EMULATOR_CONTROL=1 turns them on)' });
      return await handleControlRequest(emulator, request, response);
    }
    if (path.startsWith('/checkout/')) return await handleCheckoutRequest(api.account, request, response);
    if (path.startsWith(VOUCHER_PATH)) return pages.voucher(request, response);
    await handleApiRequest(api, request, response);
  } catch (error) {
    if (!response.headersSent) sendJson(response, 500, { error: { type: 'api_error', message: (error as Error).message } });
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeAll(server: Server, deliverer: WebhookDeliverer, scheduler: Scheduler): Promise<void> {
  deliverer.close();
  scheduler.stop();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
