import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { CardTestingService } from '../donations/card-testing.service.js';
import { DonationStateService } from '../donations/donation-state.service.js';
import { chargeEntry } from '../ledger/ledger-entries.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { MoneyPostingsService } from './money-postings.service.js';
import { idOf, type StripeEventHandler } from './stripe-event-handler.js';
import { StripeEventsRepository } from './stripe-events.repository.js';

/**
 * A PaymentIntent that is not ours (made outside Kizuna, or its metadata lost) is recorded as unmatched for finance,
 * in the transaction that applies the event (the event itself was stored before Stripe got its 2xx).
 */
@Injectable()
export class PaymentSucceededHandler implements StripeEventHandler {
  readonly eventTypes = ['payment_intent.succeeded'] as const;

  constructor(
    private readonly donations: DonationStateService,
    private readonly money: MoneyPostingsService,
    private readonly outbox: OutboxService,
    private readonly events: StripeEventsRepository,
  ) {}

  async handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    const intent = event.data.object as Stripe.PaymentIntent;
    const chargeId = idOf(intent.latest_charge);
    const donation = await this.donations.lockForStripe(tx, { donationId: intent.metadata?.donation_id, paymentIntentId: intent.id });
    if (!donation) {
      await this.events.markUnmatched(tx, event.id, `no donation matches PaymentIntent ${intent.id}`);
      return;
    }
    if (!chargeId) return;
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

/** A declined attempt fails a pending donation and counts toward the card-testing defence (once per failed charge). */
@Injectable()
export class PaymentFailedHandler implements StripeEventHandler {
  readonly eventTypes = ['payment_intent.payment_failed'] as const;

  constructor(
    private readonly donations: DonationStateService,
    private readonly cardTesting: CardTestingService,
  ) {}

  async handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    const intent = event.data.object as Stripe.PaymentIntent;
    const donation = await this.donations.lockForStripe(tx, { donationId: intent.metadata?.donation_id, paymentIntentId: intent.id });
    if (!donation) return;
    await this.donations.markFailed(tx, donation);
    const error = intent.last_payment_error;
    await this.cardTesting.recordDecline(tx, donation, {
      declineKey: idOf(error?.charge) ?? idOf(intent.latest_charge) ?? event.id,
      paymentIntentId: intent.id,
      // Stripe sends the failed payment method expanded in last_payment_error; its card fingerprint names the card.
      cardFingerprint: error?.payment_method?.card?.fingerprint ?? null,
      declinedAt: new Date(event.created * 1000),
    });
  }
}
