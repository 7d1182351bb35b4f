import { Inject, Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { DonationStateService } from '../donations/donation-state.service.js';
import { disputeEntry, feeEntry } from '../ledger/ledger-entries.js';
import { MoneyPostingsService } from './money-postings.service.js';
import { idOf, type StripeEventHandler } from './stripe-event-handler.js';
import { StripeEventsRepository } from './stripe-events.repository.js';

/**
 * Every dispute event carries the dispute with all its balance transactions so far (funds withdrawn,
 * funds reinstated), so each event posts whatever of those is new: any order ends in the same ledger.
 * An inquiry moves no money and posts nothing. A dispute on a charge no donation has is recorded as unmatched.
 *
 * A movement is posted in the dispute's (the gift's) currency; when Stripe converted it, what it moved on the Stripe
 * balance is posted by the sync from the same balance transaction, with the gift's rate against that day's.
 */
@Injectable()
export class DisputeHandler implements StripeEventHandler {
  readonly eventTypes = ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated'] as const;

  constructor(
    private readonly donations: DonationStateService,
    private readonly money: MoneyPostingsService,
    private readonly events: StripeEventsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    const dispute = event.data.object as Stripe.Dispute;
    const donation = await this.donations.lockForStripe(tx, { paymentIntentId: idOf(dispute.payment_intent), chargeId: idOf(dispute.charge) });
    if (!donation) {
      // Recorded before Stripe gets its 2xx: money may have moved that no donation shows.
      await this.events.markUnmatched(tx, event.id, `no donation matches charge ${idOf(dispute.charge)} of dispute ${dispute.id}`);
      return;
    }
    const gift = { donationId: donation.id, campaignId: donation.campaignId, currency: dispute.currency };
    for (const movement of dispute.balance_transactions ?? []) {
      const at = new Date(movement.created * 1000);
      await this.money.post(tx, disputeEntry(gift, movement.id, presentmentAmount(dispute, movement), at, this.config.STRIPE_SETTLEMENT_CURRENCY));
      if (movement.fee !== 0) await this.money.post(tx, feeEntry({ ...gift, currency: movement.currency }, movement.id, movement.fee, at, dispute.currency));
    }
    await this.donations.refreshStatus(tx, donation);
  }
}

/** A movement in the gift's currency: the balance transaction's own amount, or the disputed amount when it was converted. */
function presentmentAmount(dispute: Stripe.Dispute, movement: Stripe.BalanceTransaction): number {
  return movement.currency === dispute.currency ? movement.amount : Math.sign(movement.amount) * dispute.amount;
}
