import { Inject, Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { CashReturnsService, isCashBalanceRefund } from '../donations/cash-returns.service.js';
import { DonationStateService } from '../donations/donation-state.service.js';
import { refundEntry, refundFailureEntry } from '../ledger/ledger-entries.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { MoneyPostingsService } from './money-postings.service.js';
import { idOf, type StripeEventHandler } from './stripe-event-handler.js';
import { StripeEventsRepository } from './stripe-events.repository.js';

const FAILED_REFUND = new Set(['failed', 'canceled']);

/**
 * Refunds arrive as refund.created / refund.updated (the refund) and charge.refunded (the charge with its
 * refunds, when Stripe includes them). Each refund is posted once by its id; a failed or canceled one is
 * posted and then reversed, so a failure seen before the creation ends the same way.
 *
 * The donor's documents follow: a refund seen as failed from the start brings no correction; one that fails later
 * brings the receipt job that withdraws its correction or cancellation if it has not gone out, or issues the receipt
 * again if it has. Both jobs look at the ledger when they run, so they end the same in any order.
 *
 * A refund is posted in the gift's currency; for a gift in another currency than the settlement currency, what it
 * took from the Stripe balance (at that day's rate) is posted by the sync from its balance transaction.
 *
 * A refund of a customer's cash balance (an overpaid bank transfer sent back) has no charge: that money never reached
 * the Stripe balance, so nothing is posted and nothing is unmatched; the donor's cash-balance return follows its status.
 */
@Injectable()
export class RefundHandler implements StripeEventHandler {
  readonly eventTypes = ['refund.created', 'refund.updated', 'refund.failed', 'charge.refunded', 'charge.refund.updated'] as const;

  constructor(
    private readonly donations: DonationStateService,
    private readonly money: MoneyPostingsService,
    private readonly outbox: OutboxService,
    private readonly events: StripeEventsRepository,
    private readonly cashReturns: CashReturnsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    const object = event.data.object as Stripe.Refund | Stripe.Charge;
    if (object.object === 'refund' && isCashBalanceRefund(object)) {
      await this.cashReturns.recordRefund(tx, object);
      return;
    }
    // Since API version 2022-11-15 a charge carries its refunds only when expanded: charge.refunded usually has none.
    const refunds = object.object === 'charge' ? (object.refunds?.data ?? []) : [object];
    const paymentIntentId = idOf(object.payment_intent);
    const chargeId = object.object === 'charge' ? object.id : idOf(object.charge);
    const donation = await this.donations.lockForStripe(tx, { paymentIntentId, chargeId });
    if (!donation) {
      await this.events.markUnmatched(tx, event.id, `no donation matches PaymentIntent ${paymentIntentId} or charge ${chargeId} of ${object.object} ${object.id}`);
      return;
    }
    const settlementCurrency = this.config.STRIPE_SETTLEMENT_CURRENCY;
    for (const refund of refunds) {
      const ref = { donationId: donation.id, campaignId: donation.campaignId, currency: refund.currency };
      const at = new Date(refund.created * 1000);
      const failed = FAILED_REFUND.has(refund.status ?? '');
      if ((await this.money.post(tx, refundEntry(ref, refund.id, refund.amount, at, settlementCurrency))) && !failed) {
        await this.outbox.add(tx, { name: JobName.IssueReceipt, payload: { donationId: donation.id, refundId: refund.id } });
      }
      if (failed && (await this.money.post(tx, refundFailureEntry(ref, refund.id, refund.amount, new Date(event.created * 1000), settlementCurrency)))) {
        await this.outbox.add(tx, { name: JobName.ReissueAfterRefundFailure, payload: { donationId: donation.id, refundId: refund.id } });
      }
    }
    await this.donations.refreshStatus(tx, donation);
  }
}
