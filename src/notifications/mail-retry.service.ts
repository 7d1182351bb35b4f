import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { toMinorUnits } from '../database/money.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { MailFailuresRepository } from './mail-failures.repository.js';

/** A document unsent this long is shown to admins as waiting, even before a failed attempt is recorded. */
const LONG_WAIT_MS = 60 * 60_000;
const LIST_LIMIT = 200;
const SWEEP_BATCH = 500;

interface UndeliveredReceipt {
  id: string;
  kind: string;
  number: string;
  donationId: string;
  issuedAt: Date;
  attempts: number;
  lastError: string | null;
  failedAt: Date | null;
}

interface UndeliveredUpdate {
  id: string;
  updateId: string;
  campaignId: string;
  kind: string;
  title: string;
  donorId: string;
  createdAt: Date;
  attempts: number;
  lastError: string | null;
  failedAt: Date | null;
}

interface UndeliveredAnnualReceipt {
  id: string;
  kind: string;
  number: string;
  year: number;
  amount: number;
  currency: string;
  donorId: string;
  issuedAt: Date;
  attempts: number;
  lastError: string | null;
  failedAt: Date | null;
}

export interface UndeliveredMail {
  failedReceipts: number;
  failedAnnualReceipts: number;
  failedUpdates: number;
  receipts: UndeliveredReceipt[];
  annualReceipts: UndeliveredAnnualReceipt[];
  updates: UndeliveredUpdate[];
}

/** What every listed document shows of its mailing: failed attempts, the last error, and when it failed for good. */
const sendingRecord = (row: { send_attempts: number; last_error: string | null; failed_at: Date | null }) => ({
  attempts: row.send_attempts,
  lastError: row.last_error,
  failedAt: row.failed_at,
});

/**
 * Receipts, annual receipts and update emails that failed for good (their retries of several days spent) or are
 * still waiting, and sending them again: each retried row gets an outbox row in the same transaction that takes it
 * out of the failed state, so a retry is never lost, and the send claims keep it from going out twice. The sweep
 * sends failed pledge emails again the same way; the admins' list and retry leave them out.
 */
@Injectable()
export class MailRetryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly failures: MailFailuresRepository,
    private readonly outbox: OutboxService,
  ) {}

  async undelivered(): Promise<UndeliveredMail> {
    const [counts, receipts, annualReceipts, updates] = await Promise.all([
      this.failures.failedCounts(),
      this.failures.undeliveredReceipts(LONG_WAIT_MS, LIST_LIMIT),
      this.failures.undeliveredAnnualReceipts(LONG_WAIT_MS, LIST_LIMIT),
      this.failures.undeliveredUpdates(LONG_WAIT_MS, LIST_LIMIT),
    ]);
    return {
      failedReceipts: counts.receipts,
      failedAnnualReceipts: counts.annualReceipts,
      failedUpdates: counts.updates,
      receipts: receipts.map((r) => ({
        id: r.id,
        kind: r.kind,
        number: r.number,
        donationId: r.donation_id,
        issuedAt: r.issued_at,
        ...sendingRecord(r),
      })),
      annualReceipts: annualReceipts.map((a) => ({
        id: a.id,
        kind: a.kind,
        number: a.number,
        year: a.year,
        amount: toMinorUnits(a.amount),
        currency: a.currency,
        donorId: a.donor_id,
        issuedAt: a.issued_at,
        ...sendingRecord(a),
      })),
      updates: updates.map((u) => ({
        id: String(u.id),
        updateId: u.update_id,
        campaignId: u.campaign_id,
        kind: u.kind,
        title: u.title,
        donorId: u.donor_id,
        createdAt: u.created_at,
        ...sendingRecord(u),
      })),
    };
  }

  /** Sends the chosen documents again; those sent or withdrawn meanwhile are left out. Returns how many were queued. */
  retry(chosen: { receiptIds: string[]; annualReceiptIds: string[]; deliveryIds: string[] }): Promise<{ receipts: number; annualReceipts: number; updates: number }> {
    return this.dataSource.transaction(async (tx) => {
      const receipts = await this.failures.requeueReceipts(tx, chosen.receiptIds);
      const annualReceipts = await this.failures.requeueAnnualReceipts(tx, chosen.annualReceiptIds);
      const updates = await this.failures.requeueDeliveries(tx, chosen.deliveryIds);
      await this.queue(tx, receipts, updates, annualReceipts);
      return { receipts: receipts.length, annualReceipts: annualReceipts.length, updates: updates.length };
    });
  }

  /** Every failed document, sent again, in batches; how many. */
  async retryFailed(): Promise<number> {
    let total = 0;
    for (;;) {
      const queued = await this.dataSource.transaction(async (tx) => {
        const receipts = await this.failures.requeueFailedReceipts(tx, SWEEP_BATCH);
        const updates = await this.failures.requeueFailedDeliveries(tx, SWEEP_BATCH);
        const pledgeEmails = await this.failures.requeueFailedPledgeEmails(tx, SWEEP_BATCH);
        const annualReceipts = await this.failures.requeueFailedAnnualReceipts(tx, SWEEP_BATCH);
        await this.queue(tx, receipts, updates, annualReceipts);
        await this.outbox.addMany(
          tx,
          JobName.SendPledgeEmail,
          pledgeEmails.map((row) => ({ donationId: row.donation_id, kind: row.kind, amountRemaining: toMinorUnits(row.amount_remaining) })),
        );
        return receipts.length + updates.length + pledgeEmails.length + annualReceipts.length;
      });
      total += queued;
      if (queued === 0) return total;
    }
  }

  async anyFailed(): Promise<boolean> {
    const counts = await this.failures.failedCounts();
    return counts.receipts + counts.updates + counts.pledgeEmails + counts.annualReceipts > 0;
  }

  private async queue(tx: EntityManager, receiptIds: string[], deliveryIds: string[], annualReceiptIds: string[]): Promise<void> {
    await this.outbox.addMany(
      tx,
      JobName.SendReceipt,
      receiptIds.map((receiptId) => ({ receiptId })),
    );
    await this.outbox.addMany(
      tx,
      JobName.SendUpdateEmail,
      deliveryIds.map((deliveryId) => ({ deliveryId })),
    );
    await this.outbox.addMany(
      tx,
      JobName.SendAnnualReceipt,
      annualReceiptIds.map((annualReceiptId) => ({ annualReceiptId })),
    );
  }
}
