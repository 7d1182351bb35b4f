import { Module } from '@nestjs/common';
import { DonationsModule } from '../donations/donations.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { DisputeHandler } from './dispute.handler.js';
import { MoneyPostingsModule } from './money-postings.module.js';
import { PaymentFailedHandler, PaymentSucceededHandler } from './payment-intent.handlers.js';
import { PayoutHandler } from './payout.handler.js';
import { RefundHandler } from './refund.handlers.js';
import { STRIPE_EVENT_HANDLERS } from './stripe-event-handler.js';
import { StripeEventsRepository } from './stripe-events.repository.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

const HANDLERS = [PaymentSucceededHandler, PaymentFailedHandler, RefundHandler, DisputeHandler, PayoutHandler];

@Module({
  imports: [DonationsModule, MoneyPostingsModule, QueueModule],
  controllers: [WebhooksController],
  providers: [...HANDLERS, { provide: STRIPE_EVENT_HANDLERS, inject: HANDLERS, useFactory: (...handlers: unknown[]) => handlers }, StripeEventsRepository, WebhooksService],
})
export class PaymentsModule {}
