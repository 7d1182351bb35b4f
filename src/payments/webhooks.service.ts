import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { WebhookError } from './webhook.errors.js';
import { STRIPE } from '../stripe/stripe.module.js';
import { STRIPE_EVENT_HANDLERS, type StripeEventHandler, handlersByType } from './stripe-event-handler.js';
import { StripeEventsRepository } from './stripe-events.repository.js';

/** Stripe's own default: a signature older than five minutes is refused, against replays. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored';

@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('WebhooksService');
  private readonly handlers: Map<string, StripeEventHandler>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: StripeEventsRepository,
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(STRIPE_EVENT_HANDLERS) handlers: StripeEventHandler[],
  ) {
    this.handlers = handlersByType(handlers);
  }

  /** Verifies, stores once and applies an event, all in one database transaction; nothing is stored for a bad signature. */
  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<WebhookOutcome> {
    const event = this.verify(rawBody, signature);
    const handler = this.handlers.get(event.type);
    return this.dataSource.transaction(async (tx) => {
      // Stored before means applied before: the earlier delivery committed both in one transaction.
      if (!(await this.events.insertOnce(tx, event, rawBody!.toString('utf8')))) return 'duplicate';
      if (!handler) return 'ignored';
      await handler.handle(event, tx);
      return 'applied';
    });
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
