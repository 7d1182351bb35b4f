import { Inject, Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { WebhookError } from './webhook.errors.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { StripeEventApplier } from './stripe-event-applier.js';
import { StripeEventsRepository } from './stripe-events.repository.js';

/** Stripe's own default: a signature older than five minutes is refused, against replays. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

export type WebhookOutcome = 'stored' | 'duplicate';

@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('WebhooksService');

  constructor(
    private readonly events: StripeEventsRepository,
    private readonly applier: StripeEventApplier,
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Verifies and stores an event once; it is committed when this resolves, so the 2xx that follows means it is
   * durable. The applier applies it (in a batch, within moments). Nothing is stored for a bad signature.
   */
  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<WebhookOutcome> {
    const event = this.verify(rawBody, signature);
    if (!(await this.events.insertOnce(event, rawBody!.toString('utf8')))) return 'duplicate';
    this.applier.kick();
    return 'stored';
  }

  private verify(rawBody: Buffer | undefined, signature: string | undefined): Stripe.Event {
    if (!rawBody?.length) throw new WebhookError('invalid', 'empty_webhook', 'webhook body is empty');
    if (!signature) throw new WebhookError('invalid', 'unsigned_webhook', 'Stripe-Signature header is missing');
    try {
      return this.stripe.webhooks.constructEvent(rawBody, signature, this.config.STRIPE_WEBHOOK_SECRET, SIGNATURE_TOLERANCE_SECONDS);
    } catch (error) {
      this.logger.warn({ error: (error as Error).message }, 'refused a webhook');
      throw new WebhookError('invalid', 'bad_webhook_signature', `webhook signature verification failed: ${(error as Error).message.split('\n')[0]}`);
    }
  }
}
