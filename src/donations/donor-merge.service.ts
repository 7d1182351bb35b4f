import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../auth/token.service.js';
import { CampaignTotalsService } from '../campaigns/campaign-totals.service.js';
import { TotalsPublisher } from '../campaigns/totals-publisher.js';
import { AuditLogService } from '../users/audit-log.service.js';
import { DonationError } from './donation.errors.js';
import { type DonorRecord, DonorMergeRepository } from './donor-merge.repository.js';

export type { DonorRecord };

export interface DonorMergeResult {
  into: DonorRecord;
  movedDonations: number;
}

/**
 * One person, two donor records (they gave under two email addresses): finance merges one into the other. Every gift
 * moves in one transaction, with the cash balances and returns, the Stripe customer, the campaigns' donor counts and
 * the audit entry. The merged-away record stays, marked, because other modules' rows still name it.
 */
@Injectable()
export class DonorMergeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly donors: DonorMergeRepository,
    private readonly totals: CampaignTotalsService,
    private readonly publisher: TotalsPublisher,
    private readonly audit: AuditLogService,
  ) {}

  async findByEmail(email: string): Promise<DonorRecord> {
    const donor = await this.donors.findByEmail(email.trim());
    if (!donor) throw new DonationError('not_found', 'donor_not_found', `no donor has the email ${email.trim().toLowerCase()}`);
    return donor;
  }

  async merge(fromId: string, intoId: string, staff: StaffPrincipal): Promise<DonorMergeResult> {
    if (fromId === intoId) throw new DonationError('invalid', 'same_donor', 'fromDonorId and intoDonorId must be two different donors');
    const { result, campaigns } = await this.dataSource.transaction(async (tx) => {
      const { from, into } = this.pair(await this.donors.lockPair(tx, [fromId, intoId]), fromId, intoId);
      const moved = await this.donors.moveGifts(tx, from.id, into.id);
      await this.donors.markMerged(tx, from, into);
      const changed = await this.totals.mergeDonors(tx, from.id, into.id);
      await this.audit.record(
        staff,
        'donor.merged',
        { type: 'donor', id: into.id },
        { fromDonorId: from.id, fromEmail: from.email, intoEmail: into.email, movedDonations: moved.length },
        tx,
      );
      return { result: { into: await this.donors.get(tx, into.id), movedDonations: moved.length }, campaigns: changed };
    });
    if (campaigns.length) void this.publisher.changed(campaigns);
    return result;
  }

  /** Both records, live; refuses what cannot be merged here. */
  private pair(records: DonorRecord[], fromId: string, intoId: string): { from: DonorRecord; into: DonorRecord } {
    const from = records.find((donor) => donor.id === fromId && !donor.mergedInto);
    const into = records.find((donor) => donor.id === intoId && !donor.mergedInto);
    if (!from || !into) {
      const missing = !from ? fromId : intoId;
      throw new DonationError('not_found', 'donor_not_found', `donor ${missing} was not found (or was already merged into another)`);
    }
    if (from.stripeCustomerId && into.stripeCustomerId) {
      throw new DonationError(
        'conflict',
        'both_have_stripe_customers',
        'both donors have a Stripe customer (each with its own bank-transfer account and cash balance): merge them in Stripe first',
      );
    }
    return { from, into };
  }
}
