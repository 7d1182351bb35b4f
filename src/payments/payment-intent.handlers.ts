import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { DonationStateService } from '../donations/donation-state.service.js';
import { chargeEntry } from '../ledger/ledger-entries.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { MoneyPostingsService } from './money-postings.service.js';
import { idOf, type StripeEventHandler } from './stripe-event-handler.js';

/** A PaymentIntent that is not ours (made outside Kizuna) is left to reconciliation to report. */
@Injectable()
export class PaymentSucceededHandler implements StripeEventHandler {
  readonly eventTypes = ['payment_intent.succeeded'] as const;

  constructor(
    private readonly donations: DonationStateService,
    private readonly money: MoneyPostingsService,
    private readonly outbox: OutboxService,
  ) {}

  async handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    const intent = event.data.object as Stripe.PaymentIntent;
    const chargeId = idOf(intent.latest_charge);
    const donation = await this.donations.lockForStripe(tx, { donationId: intent.metadata?.donation_id, paymentIntentId: intent.id });
    if (!donation || !chargeId) return;
    const at = new Date(event.created * 1000);
    const ref = { donationId: donation.id, campaignId: donation.campaignId, currency: intent.currency };
    const entry = chargeEntry(ref, chargeId, intent.amount_received || intent.amount, at);
    if (await this.money.post(tx, entry, { coveredFeeAmount: donation.coveredFeeAmount, donorId: donation.donorId })) {
      await this.outbox.add(
        tx,
        { name: JobName.IssueReceipt, payload: { donationId: donation.id } },
        { name: JobName.CheckMilestones, payload: { campaignId: donation.campaignId } },
      );
    }
    await this.donations.recordCharge(tx, donation, { paymentIntentId: intent.id, chargeId, at });
  }
}

@Injectable()
export class PaymentFailedHandler implements StripeEventHandler {
  readonly eventTypes = ['payment_intent.payment_failed'] as const;

  constructor(private readonly donations: DonationStateService) {}

  async handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    const intent = event.data.object as Stripe.PaymentIntent;
    const donation = await this.donations.lockForStripe(tx, { donationId: intent.metadata?.donation_id, paymentIntentId: intent.id });
    if (donation) await this.donations.markFailed(tx, donation);
  }
}
