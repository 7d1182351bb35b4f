import { createHmac } from 'node:crypto';
import type { IdleTracker } from './idle.js';
import type { StripeEvent } from './types.js';

/** Stripe's signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>" keyed by the endpoint secret>`. */
function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export interface DelivererOptions {
  url: string | undefined;
  secret: string;
  duplicates: number;
  shuffle: boolean;
  idle: IdleTracker;
}

interface Delivery {
  event: StripeEvent;
  payload: string;
  attempts: number;
}

const MAX_IN_FLIGHT = 32;
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;
const SHUFFLE_WINDOW_MS = 250;
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * At-least-once delivery: every event is posted (`duplicates` times) until the endpoint answers 2xx,
 * retrying with exponential backoff for as long as the process lives. Up to MAX_IN_FLIGHT posts run at
 * once, so one slow delivery never holds up the next. With `shuffle`, events are held for a short
 * window and the window is sent in random order.
 */
export class WebhookDeliverer {
  private url: string | undefined;
  private readonly ready: Delivery[] = [];
  private held: Delivery[] = [];
  private inFlight = 0;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborts = new Set<AbortController>();

  constructor(private readonly options: DelivererOptions) {
    this.url = options.url;
  }

  /** Deliveries still pending switch to the new URL at their next attempt. */
  setUrl(url: string | undefined): void {
    this.url = url;
    this.pump();
  }

  endpointCount(): number {
    return this.url ? 1 : 0;
  }

  enqueue(event: StripeEvent): void {
    if (!this.url || this.closed) return;
    // Stripe posts the event pretty-printed; receivers must verify the exact bytes.
    const payload = JSON.stringify(event, null, 2);
    for (let copy = 0; copy < this.options.duplicates; copy++) {
      this.options.idle.begin();
      const delivery = { event, payload, attempts: 0 };
      if (this.options.shuffle) this.hold(delivery);
      else this.ready.push(delivery);
    }
    this.pump();
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const controller of this.aborts) controller.abort();
  }

  private hold(delivery: Delivery): void {
    if (this.held.length === 0) this.after(SHUFFLE_WINDOW_MS, () => this.releaseHeld());
    this.held.push(delivery);
  }

  private releaseHeld(): void {
    const batch = this.held;
    this.held = [];
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [batch[i], batch[j]] = [batch[j], batch[i]];
    }
    this.ready.push(...batch);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.url && this.inFlight < MAX_IN_FLIGHT && this.ready.length > 0) {
      void this.attempt(this.ready.shift() as Delivery, this.url);
    }
  }

  private async attempt(delivery: Delivery, url: string): Promise<void> {
    this.inFlight++;
    const delivered = await this.post(delivery.payload, url);
    this.inFlight--;
    if (this.closed) return;
    if (delivered) {
      delivery.event.pending_webhooks = 0;
      this.options.idle.end();
    } else {
      delivery.attempts++;
      this.after(retryDelay(delivery.attempts), () => {
        this.ready.push(delivery);
        this.pump();
      });
    }
    this.pump();
  }

  private async post(payload: string, url: string): Promise<boolean> {
    const controller = new AbortController();
    this.aborts.add(controller);
    const timeout = setTimeout(() => controller.abort(), ATTEMPT_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signatureHeader(payload, this.options.secret),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
        signal: controller.signal,
      });
      await response.arrayBuffer();
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    } finally {
      clearTimeout(timeout);
      this.aborts.delete(controller);
    }
  }

  private after(ms: number, step: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      step();
    }, ms);
    this.timers.add(timer);
  }
}

function retryDelay(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);
}
