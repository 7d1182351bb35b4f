import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { DonationsModule } from '../donations/donations.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { CashBalanceHandler } from './cash-balance.handler.js';
import { DisputeHandler } from './dispute.handler.js';
import { MoneyPostingsModule } from './money-postings.module.js';
import { PaymentAwaitingHandler, PaymentFailedHandler, PaymentSucceededHandler } from './payment-intent.handlers.js';
import { PayoutHandler } from './payout.handler.js';
import { RefundHandler } from './refund.handlers.js';
import { STRIPE_EVENT_HANDLERS } from './stripe-event-handler.js';
import { StripeEventApplier } from './stripe-event-applier.js';
import { StripeEventsRepository } from './stripe-events.repository.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

const HANDLERS = [PaymentSucceededHandler, PaymentFailedHandler, PaymentAwaitingHandler, RefundHandler, DisputeHandler, PayoutHandler, CashBalanceHandler];

const APPLYING = [...HANDLERS, { provide: STRIPE_EVENT_HANDLERS, inject: HANDLERS, useFactory: (...handlers: unknown[]) => handlers }, StripeEventsRepository, StripeEventApplier];

/** The API side: the webhook endpoint stores events, and this process's applier applies them. */
@Module({
  imports: [CampaignsModule, DonationsModule, MoneyPostingsModule, QueueModule],
  controllers: [WebhooksController],
  providers: [...APPLYING, WebhooksService],
})
export class PaymentsModule {}

/** The worker side: an applier that sweeps the inbox, so events an API process stored and died with get applied. */
@Module({
  imports: [CampaignsModule, DonationsModule, MoneyPostingsModule, QueueModule],
  providers: APPLYING,
})
export class PaymentsWorkerModule {}
