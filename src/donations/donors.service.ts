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
  async contact(donorId: string, campaignId: string): Promise<DonorContact | null> {
    return (await this.contacts([{ donorId, campaignId }])).get(`${donorId}:${campaignId}`) ?? null;
  }

  /** As contact, for many pairs in one query, keyed `donorId:campaignId`; a missing donor has no key. */
  async contacts(pairs: { donorId: string; campaignId: string }[]): Promise<Map<string, DonorContact>> {
    const rows = await this.donors.contacts(pairs);
    return new Map(rows.map(({ donorId, campaignId, ...contact }) => [`${donorId}:${campaignId}`, contact]));
  }
}
