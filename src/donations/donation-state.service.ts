import { Injectable } from '@nestjs/common';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
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
  lockForStripe(tx: EntityManager, ref: StripeDonationRef): Promise<Donation | null> {
    const lookups: FindOptionsWhere<Donation>[] = [];
    if (ref.donationId && isUuid(ref.donationId)) lookups.push({ id: ref.donationId });
    if (ref.paymentIntentId) lookups.push({ paymentIntentId: ref.paymentIntentId });
    if (ref.chargeId) lookups.push({ chargeId: ref.chargeId });
    return this.donations.lockFirst(tx, lookups);
  }

  /** Records the charge and the status it leads to. */
  async recordCharge(tx: EntityManager, donation: Donation, charge: ChargeFacts): Promise<void> {
    await this.donations.recordCharge(tx, donation.id, charge, await this.statusOf(tx, donation, donation.status));
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
