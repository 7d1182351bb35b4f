import { Injectable } from '@nestjs/common';
import { type EntityManager, type FindOptionsWhere, In } from 'typeorm';
import { isUuid } from '../common/uuid.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { deriveStatus } from './donation-status.js';
import type { Donation, DonationStatus } from './donation.entity.js';
import { DonationsRepository } from './donations.repository.js';

/** Which donation a Stripe object is about: our id from metadata first, then Stripe's ids. */
export interface StripeDonationRef {
  donationId?: string;
  paymentIntentId?: string | null;
  chargeId?: string | null;
}

export interface ChargeFacts {
  paymentIntentId: string;
  chargeId: string;
  at: Date;
}

/**
 * The webhook side of donations: each change runs in the caller's transaction, on a donation locked first, and the
 * status is always derived from what the ledger holds (deriveStatus), never set from the event alone.
 */
@Injectable()
export class DonationStateService {
  constructor(
    private readonly donations: DonationsRepository,
    private readonly ledger: LedgerService,
  ) {}

  /** Locks the donation a Stripe object belongs to, so events about one donation apply one at a time. */
  async lockForStripe(tx: EntityManager, ref: StripeDonationRef): Promise<Donation | null> {
    const [donation] = await this.lockAllForStripe(tx, [ref]);
    return donation;
  }

  /** As lockForStripe, for many Stripe objects in one statement; returns each one's donation, or null. */
  async lockAllForStripe(tx: EntityManager, refs: StripeDonationRef[]): Promise<(Donation | null)[]> {
    const ids = refs.map((ref) => ref.donationId).filter((id): id is string => !!id && isUuid(id));
    const paymentIntentIds = refs.map((ref) => ref.paymentIntentId).filter((id): id is string => !!id);
    const chargeIds = refs.map((ref) => ref.chargeId).filter((id): id is string => !!id);
    const lookups: FindOptionsWhere<Donation>[] = [];
    if (ids.length) lookups.push({ id: In(ids) });
    if (paymentIntentIds.length) lookups.push({ paymentIntentId: In(paymentIntentIds) });
    if (chargeIds.length) lookups.push({ chargeId: In(chargeIds) });
    const locked = await this.donations.lockAll(tx, lookups);
    const byId = new Map(locked.map((d) => [d.id, d]));
    const byPaymentIntent = new Map(locked.filter((d) => d.paymentIntentId).map((d) => [d.paymentIntentId!, d]));
    const byCharge = new Map(locked.filter((d) => d.chargeId).map((d) => [d.chargeId!, d]));
    return refs.map(
      (ref) =>
        (ref.donationId && byId.get(ref.donationId)) || (ref.paymentIntentId && byPaymentIntent.get(ref.paymentIntentId)) || (ref.chargeId && byCharge.get(ref.chargeId)) || null,
    );
  }

  /** Records each donation's charge (each donation once) and the status it leads to, in two statements. */
  async recordCharges(tx: EntityManager, charges: { donation: Donation; charge: ChargeFacts }[]): Promise<void> {
    if (!charges.length) return;
    const balances = await this.ledger.balancesOfDonations(
      charges.map(({ donation }) => donation.id),
      tx,
    );
    await this.donations.recordCharges(
      tx,
      charges.map(({ donation, charge }) => ({ id: donation.id, ...charge, status: deriveStatus(balances.get(donation.id)!, donation.status) })),
    );
  }

  /** A failed payment attempt fails only a donation that never succeeded. */
  async markFailed(tx: EntityManager, donation: Donation): Promise<void> {
    if (donation.status === 'pending') await this.writeStatus(tx, donation, 'failed');
  }

  /** After a refund or dispute movement was posted. */
  async refreshStatus(tx: EntityManager, donation: Donation): Promise<void> {
    await this.writeStatus(tx, donation, donation.status);
  }

  private async writeStatus(tx: EntityManager, donation: Donation, current: DonationStatus): Promise<void> {
    const status = await this.statusOf(tx, donation, current);
    if (status !== donation.status) await this.donations.setStatus(tx, donation.id, status);
  }

  private async statusOf(tx: EntityManager, donation: Donation, current: DonationStatus): Promise<DonationStatus> {
    return deriveStatus(await this.ledger.balancesOfDonation(donation.id, tx), current);
  }
}
