import { Injectable } from '@nestjs/common';
import { toMinorUnits } from '../database/money.js';
import { StripeEventsRepository } from './stripe-events.repository.js';

export interface UnmatchedEvent {
  eventId: string;
  type: string;
  reason: string;
  stripeObjectId: string | null;
  paymentIntentId: string | null;
  chargeId: string | null;
  amount: number | null;
  currency: string | null;
  /** metadata.donation_id as the event carried it, when it did (a donation id Kizuna does not have). */
  donationRef: string | null;
  stripeCreatedAt: Date;
  receivedAt: Date;
}

/** Stripe events about money Kizuna could not tie to a donation, for finance to follow up. */
@Injectable()
export class UnmatchedEventsService {
  constructor(private readonly events: StripeEventsRepository) {}

  async list(limit = 500): Promise<UnmatchedEvent[]> {
    const rows = await this.events.listUnmatched(limit);
    return rows.map((r) => ({
      eventId: r.id,
      type: r.type,
      reason: r.unmatched_reason,
      stripeObjectId: r.object_id,
      paymentIntentId: r.payment_intent_id,
      chargeId: r.charge_id,
      amount: r.amount === null ? null : toMinorUnits(r.amount),
      currency: r.currency,
      donationRef: r.donation_ref,
      stripeCreatedAt: r.stripe_created_at,
      receivedAt: r.received_at,
    }));
  }
}
