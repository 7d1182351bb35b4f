import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CampaignTotalsService, pledgeChanges, type TotalsChange } from '../campaigns/campaign-totals.service.js';
import { campaignMovement, type LedgerEntry, LedgerService } from '../ledger/ledger.service.js';

/** What a captured gift adds to its campaign's totals beyond the ledger's amounts. */
export interface GiftFacts {
  coveredFeeAmount: number;
  donorId: string;
}

function totalsChange(entry: LedgerEntry, gift?: GiftFacts): TotalsChange {
  return {
    campaignId: entry.campaignId!,
    slotKey: entry.donationId ?? entry.stripeObjectId,
    ...campaignMovement(entry),
    ...(gift && { coveredFeeAmount: gift.coveredFeeAmount, donationCount: 1, donorId: gift.donorId }),
  };
}

/**
 * Posts a money event to the ledger and, the first time only, moves its campaign's totals in the same transaction:
 * a repeated event posts nothing and counts nothing.
 */
@Injectable()
export class MoneyPostingsService {
  /** The totals moved by the events of a batch of webhooks, per transaction, written together just before it commits. */
  private readonly batches = new WeakMap<EntityManager, TotalsChange[]>();

  constructor(
    private readonly ledger: LedgerService,
    private readonly totals: CampaignTotalsService,
  ) {}

  async post(tx: EntityManager, entry: LedgerEntry, gift?: GiftFacts): Promise<boolean> {
    const [posted] = await this.postAll(tx, [{ entry, gift }]);
    return posted;
  }

  /** As post, for many entries in one ledger statement and (outside a batch) one totals statement. */
  async postAll(tx: EntityManager, postings: { entry: LedgerEntry; gift?: GiftFacts }[]): Promise<boolean[]> {
    const posted = await this.ledger.postAll(
      tx,
      postings.map((p) => p.entry),
    );
    const changes = postings.filter((p, i) => posted[i] && p.entry.campaignId).map(({ entry, gift }) => totalsChange(entry, gift));
    await this.move(tx, changes);
    return posted;
  }

  /**
   * Pledges made (a positive amount) or paid or expired (negative): they move only the pending counters, with the
   * batch's other totals. The caller moves each pledge once, on its donation's status change.
   */
  readonly movePledges = async (tx: EntityManager, pledges: { campaignId: string; donationId: string; amount: number }[]): Promise<void> => {
    await this.move(tx, pledgeChanges(pledges));
  };

  private async move(tx: EntityManager, changes: TotalsChange[]): Promise<void> {
    const batch = this.batches.get(tx);
    if (batch) batch.push(...changes);
    else if (changes.length) await this.totals.applyMany(tx, changes);
  }

  /** Until flushBatch, the totals moved in this transaction are collected instead of written event by event. */
  openBatch(tx: EntityManager): void {
    this.batches.set(tx, []);
  }

  /** Writes the batch's totals (set-based) and returns the campaigns whose totals moved. */
  async flushBatch(tx: EntityManager): Promise<string[]> {
    const batch = this.batches.get(tx);
    this.batches.delete(tx);
    if (!batch?.length) return [];
    await this.totals.applyMany(tx, batch);
    return [...new Set(batch.map((change) => change.campaignId))];
  }
}
