import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { payoutEntry, payoutFailureEntry } from '../ledger/ledger-entries.js';

import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { MoneyPostingsService } from './money-postings.service.js';
import type { StripeEventHandler } from './stripe-event-handler.js';

/** Posts paid (and failed) payouts to the ledger, and asks for a Stripe sync at once so finance sees them matched. */
@Injectable()
export class PayoutHandler implements StripeEventHandler {
  readonly eventTypes = ['payout.paid', 'payout.failed', 'payout.reconciliation_completed'] as const;

  constructor(
    private readonly money: MoneyPostingsService,
    private readonly outbox: OutboxService,
  ) {}

  async handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    const payout = event.data.object as Stripe.Payout;
    const at = new Date(payout.created * 1000);
    if (payout.status === 'paid' || payout.status === 'failed') await this.money.post(tx, payoutEntry(payout.id, payout.currency, payout.amount, at));
    if (payout.status === 'failed') await this.money.post(tx, payoutFailureEntry(payout.id, payout.currency, payout.amount, new Date(event.created * 1000)));
    await this.outbox.add(tx, { name: JobName.SyncBalanceTransactions, payload: { reason: event.type } });
  }
}
