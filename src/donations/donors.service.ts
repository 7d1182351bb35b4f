import { Injectable } from '@nestjs/common';
import { type DonorContact, DonorsRepository } from './donors.repository.js';

/** Donors, for the modules above: how to reach one, and their choice to hear no more updates. */
@Injectable()
export class DonorsService {
  constructor(private readonly donors: DonorsRepository) {}

  /** From the one-click unsubscribe link: no more progress updates (receipts still go out). */
  markUnsubscribed(donorId: string): Promise<void> {
    return this.donors.markUnsubscribed(donorId);
  }

  /** How to reach a donor about a campaign: the address, whether they unsubscribed, the language they gave in. */
  contact(donorId: string, campaignId: string): Promise<DonorContact | null> {
    return this.donors.contact(donorId, campaignId);
  }
}
