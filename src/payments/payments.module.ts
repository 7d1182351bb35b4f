import { Module } from '@nestjs/common';
import { DonationsModule } from '../donations/donations.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { DisputeHandler } from './dispute.handler.js';
import { PaymentFailedHandler, PaymentSucceededHandler } from './payment-intent.handlers.js';
import { PayoutHandler } from './payout.handler.js';
import { RefundHandler } from './refund.handlers.js';
import { STRIPE_EVENT_HANDLERS } from './stripe-event-handler.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

const HANDLERS = [PaymentSucceededHandler, PaymentFailedHandler, RefundHandler, DisputeHandler, PayoutHandler];

@Module({
  imports: [DonationsModule, LedgerModule, QueueModule],
  controllers: [WebhooksController],
  providers: [
    ...HANDLERS,
    { provide: STRIPE_EVENT_HANDLERS, inject: HANDLERS, useFactory: (...handlers: unknown[]) => handlers },
    WebhooksService,
  ],
})
export class PaymentsModule {}
