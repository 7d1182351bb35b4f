import { Inject, Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { CardTestingService } from '../donations/card-testing.service.js';
import { type ChargeFacts, DonationStateService } from '../donations/donation-state.service.js';
import type { Donation } from '../donations/donation.entity.js';
import { attemptExpired } from '../donations/payment-instructions.js';
import { PledgesService } from '../donations/pledges.service.js';
import { chargeEntry } from '../ledger/ledger-entries.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { MoneyPostingsService } from './money-postings.service.js';
import { idOf, type StripeEventHandler } from './stripe-event-handler.js';
import { StripeEventsRepository } from './stripe-events.repository.js';

/** Which donation a PaymentIntent is about: ours from its metadata, or by its id. */
const refOf = (intent: Stripe.PaymentIntent) => ({ donationId: intent.metadata?.donation_id, paymentIntentId: intent.id });

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
    private readonly pledges: PledgesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    return this.handleAll([event], tx);
  }

  /**
   * A batch's succeeded payments in a few set-based statements: lock their donations, post the charges the ledger
   * lacks (counting each in its campaign's totals; a gift in another currency than the settlement currency is posted
   * in its own and waits as unsettled until the sync sees its balance transaction), queue a receipt for each of those and one milestone check per
   * campaign, and record each charge and the status it leads to.
   */
  async handleAll(events: Stripe.Event[], tx: EntityManager): Promise<void> {
    const intents = events.map((event) => event.data.object as Stripe.PaymentIntent);
    const donations = await this.donations.lockAllForStripe(tx, intents.map(refOf));
    const charges: { donation: Donation; charge: ChargeFacts; amount: number; currency: string }[] = [];
    for (const [i, intent] of intents.entries()) {
      const donation = donations[i];
      const chargeId = idOf(intent.latest_charge);
      if (!donation) await this.events.markUnmatched(tx, events[i].id, `no donation matches PaymentIntent ${intent.id}`);
      else if (chargeId) {
        const charge = { paymentIntentId: intent.id, chargeId, at: new Date(events[i].created * 1000) };
        charges.push({ donation, charge, amount: intent.amount_received || intent.amount, currency: intent.currency });
      }
    }
    const posted = await this.money.postAll(
      tx,
      charges.map(({ donation, charge, amount, currency }) => ({
        entry: chargeEntry({ donationId: donation.id, campaignId: donation.campaignId, currency }, charge.chargeId, amount, charge.at, this.config.STRIPE_SETTLEMENT_CURRENCY),
        gift: { coveredFeeAmount: donation.coveredFeeAmount, donorId: donation.donorId },
      })),
    );
    const gifts = charges.filter((_, i) => posted[i]).map(({ donation }) => donation);
    await this.pledges.paid(tx, gifts, this.money.movePledges);
    if (gifts.length) {
      await this.outbox.add(
        tx,
        ...gifts.map((donation) => ({ name: JobName.IssueReceipt as const, payload: { donationId: donation.id } })),
        ...[...new Set(gifts.map((donation) => donation.campaignId))].map((campaignId) => ({ name: JobName.CheckMilestones as const, payload: { campaignId } })),
      );
    }
    const onePerDonation = new Map(charges.map((c) => [c.donation.id, c]));
    await this.donations.recordCharges(tx, [...onePerDonation.values()]);
  }
}

/**
 * A declined attempt fails a pending donation and counts toward the card-testing defence (once per failed charge).
 * A konbini voucher that reached its deadline unpaid fails the same way in Stripe: that pledge expires.
 */
@Injectable()
export class PaymentFailedHandler implements StripeEventHandler {
  readonly eventTypes = ['payment_intent.payment_failed'] as const;

  constructor(
    private readonly donations: DonationStateService,
    private readonly cardTesting: CardTestingService,
    private readonly pledges: PledgesService,
    private readonly money: MoneyPostingsService,
  ) {}

  async handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    const intent = event.data.object as Stripe.PaymentIntent;
    const donation = await this.donations.lockForStripe(tx, refOf(intent));
    if (!donation) return;
    if (attemptExpired(intent)) return this.pledges.expire(tx, donation, this.money.movePledges);
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

/**
 * The donor must act (a konbini voucher to pay, a bank transfer to send), or part of a transfer arrived: the donation
 * becomes a pledge with its instructions, whichever of these events or the donation request itself comes first.
 */
@Injectable()
export class PaymentAwaitingHandler implements StripeEventHandler {
  readonly eventTypes = ['payment_intent.requires_action', 'payment_intent.partially_funded'] as const;

  constructor(
    private readonly donations: DonationStateService,
    private readonly pledges: PledgesService,
    private readonly money: MoneyPostingsService,
  ) {}

  async handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    const intent = event.data.object as Stripe.PaymentIntent;
    const donation = await this.donations.lockForStripe(tx, refOf(intent));
    if (!donation) return;
    if (event.type === 'payment_intent.partially_funded') await this.pledges.partiallyFunded(tx, donation, intent, this.money.movePledges);
    else await this.pledges.awaitPayment(tx, donation, intent, this.money.movePledges);
  }
}
