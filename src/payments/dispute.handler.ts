import { Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { DonationStateService } from '../donations/donation-state.service.js';
import { disputeEntry, feeEntry } from '../ledger/ledger-entries.js';
import { MoneyPostingsService } from './money-postings.service.js';
import { idOf, type StripeEventHandler } from './stripe-event-handler.js';
import { StripeEventsRepository } from './stripe-events.repository.js';

/**
 * Every dispute event carries the dispute with all its balance transactions so far (funds withdrawn,
 * funds reinstated), so each event posts whatever of those is new: any order ends in the same ledger.
 * An inquiry moves no money and posts nothing. A dispute on a charge no donation has is recorded as unmatched.
 */
@Injectable()
export class DisputeHandler implements StripeEventHandler {
  readonly eventTypes = ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated'] as const;

  constructor(
    private readonly donations: DonationStateService,
    private readonly money: MoneyPostingsService,
    private readonly events: StripeEventsRepository,
  ) {}

  async handle(event: Stripe.Event, tx: EntityManager): Promise<void> {
    const dispute = event.data.object as Stripe.Dispute;
    const donation = await this.donations.lockForStripe(tx, { paymentIntentId: idOf(dispute.payment_intent), chargeId: idOf(dispute.charge) });
    if (!donation) {
      // Recorded before Stripe gets its 2xx: money may have moved that no donation shows.
      await this.events.markUnmatched(tx, event.id, `no donation matches charge ${idOf(dispute.charge)} of dispute ${dispute.id}`);
      return;
    }
    for (const movement of dispute.balance_transactions ?? []) {
      const ref = { donationId: donation.id, campaignId: donation.campaignId, currency: movement.currency };
      const at = new Date(movement.created * 1000);
      await this.money.post(tx, disputeEntry(ref, movement.id, movement.amount, at));
      if (movement.fee !== 0) await this.money.post(tx, feeEntry(ref, movement.id, movement.fee, at));
    }
    await this.donations.refreshStatus(tx, donation);
  }
}
