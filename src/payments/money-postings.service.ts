import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CampaignTotalsService } from '../campaigns/campaign-totals.service.js';
import { campaignMovement, type LedgerEntry, LedgerService } from '../ledger/ledger.service.js';

/** What a captured gift adds to its campaign's totals beyond the ledger's amounts. */
export interface GiftFacts {
  coveredFeeAmount: number;
  donorId: string;
}

/**
 * Posts a money event to the ledger and, the first time only, moves its campaign's totals in the same transaction:
 * a repeated event posts nothing and counts nothing.
 */
@Injectable()
export class MoneyPostingsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly totals: CampaignTotalsService,
  ) {}

  async post(tx: EntityManager, entry: LedgerEntry, gift?: GiftFacts): Promise<boolean> {
    if (!(await this.ledger.post(tx, entry))) return false;
    if (entry.campaignId) {
      await this.totals.apply(tx, {
        campaignId: entry.campaignId,
        slotKey: entry.donationId ?? entry.stripeObjectId,
        ...campaignMovement(entry),
        ...(gift && { coveredFeeAmount: gift.coveredFeeAmount, donationCount: 1, donorId: gift.donorId }),
      });
    }
    return true;
  }
}
