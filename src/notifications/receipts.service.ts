import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { toMinorUnits } from '../database/money.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { OrganisationService } from '../organisation/organisation.service.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import type { ReceiptDetails } from './receipt-details.js';
import { type ReceiptRow, ReceiptsRepository } from './receipts.repository.js';
import { SendClaimsRepository } from './send-claims.repository.js';
import { type SendOutcome, sendOnce } from './send-once.js';
import type { ReceiptKind } from './templates/receipt-email.js';

export interface IssuedReceipt {
  id: string;
  donationId: string;
  kind: ReceiptKind;
  sourceRef: string;
  number: string;
  amount: number;
  /** For a correction or cancellation: how much was refunded when it was issued. */
  refundedAmount: number;
  /** The receipt a correction or cancellation corrects, or the document a reissued receipt replaces. */
  originalNumber: string | null;
  issuedAt: Date;
  sentAt: Date | null;
  withdrawnAt: Date | null;
  currency: string;
  /** What it prints of the donor and campaign, fixed when numbered; null on receipts issued before that was kept. */
  details: ReceiptDetails | null;
  organisationVersion: number | null;
}

/** A document that is in force once sent: what it told the donor remains given. */
function statedGift(row: ReceiptRow): number {
  return row.kind === 'cancellation' ? 0 : toMinorUnits(row.amount);
}

/** Someone is mailing a document of this donation: the job waits (BullMQ retries it) and decides once it went out or not. */
class DocumentInFlightError extends Error {}

/** Issues receipts with gap-free numbers per year (see ReceiptsRepository.insertNumbered), and mails each once. */
@Injectable()
export class ReceiptsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly receipts: ReceiptsRepository,
    private readonly claims: SendClaimsRepository,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly organisation: OrganisationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The receipt (or, after a refund, the correction or cancellation) for a donation in its currency; issued once.
   * Null for a refund that failed: its correction is never issued, and one issued meanwhile is withdrawn.
   */
  async issue(donationId: string, currency: string, refundId?: string): Promise<IssuedReceipt | null> {
    if (refundId && (await this.receipts.refundFailed(refundId))) return null;
    const balances = await this.ledger.balancesOfDonation(donationId);
    if (balances.charged === 0) throw new Error(`donation ${donationId} has no charge yet`);
    const original = await this.receipts.find('receipt', donationId);
    if (refundId && !original) throw new Error(`donation ${donationId}: the original receipt is not issued yet`);
    const numbered = { donationId, currency, year: new Date().getUTCFullYear(), organisationVersion: await this.organisationVersion() };
    let row: ReceiptRow;
    if (!refundId) {
      row = original ?? (await this.receipts.insertNumbered({ ...numbered, kind: 'receipt', sourceRef: donationId, amount: balances.charged }));
    } else if (balances.refunded >= balances.charged) {
      const sourceRef = await this.cancellationKey(donationId, refundId);
      row =
        (await this.receipts.find('cancellation', sourceRef)) ?? (await this.receipts.insertNumbered({ ...numbered, kind: 'cancellation', sourceRef, amount: balances.charged }));
    } else {
      const amount = balances.charged - balances.refunded;
      row = (await this.receipts.find('correction', refundId)) ?? (await this.receipts.insertNumbered({ ...numbered, kind: 'correction', sourceRef: refundId, amount }));
    }
    // The refund may have failed while this was issued: the failure's own job may have looked before this row existed.
    if (refundId && (await this.receipts.refundFailed(refundId))) {
      await this.receipts.withdraw(row.id);
      return null;
    }
    return this.toIssued(row, balances.charged, original?.number ?? null);
  }

  /** An issued document by id, to mail it again. */
  async get(receiptId: string): Promise<IssuedReceipt | undefined> {
    const row = await this.receipts.get(receiptId);
    if (!row) return undefined;
    const { charged } = await this.ledger.balancesOfDonation(row.donation_id);
    const original = row.kind === 'receipt' ? undefined : await this.receipts.find('receipt', row.donation_id);
    return this.toIssued(row, charged, original?.number ?? null);
  }

  /**
   * After a refund failed, puts the donor's receipt right. A correction or cancellation not sent yet is withdrawn
   * (never sent); then, if the last document the donor got states another gift than the ledger now holds, the
   * receipt is issued again with the next number, saying what it replaces. Null when nothing is to be sent.
   * Keyed by the failed refund, so a rerun sends nothing twice.
   */
  async reissueAfterRefundFailure(donationId: string, refundId: string, currency: string): Promise<IssuedReceipt | null> {
    const result = await this.dataSource.transaction(async (tx) => {
      if (!(await this.receipts.lockOriginal(tx, donationId))) return null;
      const existing = await this.receipts.find('reissue', refundId);
      if (existing) return existing;
      const documents = await this.receipts.ofDonation(donationId, tx);
      for (const document of documents) {
        if (document.kind === 'receipt' || document.sent_at || document.withdrawn_at) continue;
        if (!(await this.receipts.withdraw(document.id, tx))) {
          throw new DocumentInFlightError(`receipt ${document.number} of donation ${donationId} is being mailed; deciding once it is sent or not`);
        }
      }
      const sent = documents.filter((d) => d.sent_at).sort((a, b) => a.sent_at!.getTime() - b.sent_at!.getTime());
      const last = sent.at(-1);
      if (!last) return null;
      const balances = await this.ledger.balancesOfDonation(donationId, tx);
      const given = balances.charged - balances.refunded;
      if (statedGift(last) === given) return null;
      const year = new Date().getUTCFullYear();
      const organisationVersion = await this.organisationVersion();
      return this.receipts.insertNumbered(
        { donationId, kind: 'reissue', sourceRef: refundId, amount: given, currency, year, organisationVersion, replacesNumber: last.number },
        tx,
      );
    });
    if (!result) return null;
    const { charged } = await this.ledger.balancesOfDonation(donationId);
    return this.toIssued(result, charged, result.replaces_number);
  }

  /**
   * Issues the receipts of up to `limit` donations whose `receipts.issue` outbox rows the relay handed to the batch,
   * in one transaction: the rows are taken (skipping those another batch holds), the receipts numbered in one
   * statement, and the rows finished, all or nothing. A row whose donation has no charge in the ledger cannot get a
   * receipt: it is marked failed, for staff to see. Returns how many rows were taken.
   */
  issueBatch(limit: number): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const rows = await this.outbox.take<JobName.IssueReceipt>(tx, JobName.IssueReceiptBatch, limit);
      if (!rows.length) return 0;
      const year = new Date().getUTCFullYear();
      const organisationVersion = await this.organisationVersion();
      await this.receipts.lockCounter(tx, year);
      const { without_charge } = await this.receipts.issueBatch(
        tx,
        rows.map((r) => r.payload.donationId),
        year,
        organisationVersion,
      );
      const cannot = new Set(without_charge);
      await this.outbox.complete(
        tx,
        rows.filter((r) => !cannot.has(r.payload.donationId)).map((r) => r.id),
      );
      await this.outbox.fail(
        tx,
        rows.filter((r) => cannot.has(r.payload.donationId)).map((r) => r.id),
        'the donation has no charge in the ledger: no receipt can be issued for it',
      );
      return rows.length;
    });
  }

  /** Claims up to `limit` receipts due for the batch sender (see MailBatchSender). */
  async claimDue(limit: number, leaseMs: number, owed: string[]): Promise<IssuedReceipt[]> {
    const rows = await this.receipts.claimDue(limit, leaseMs, owed);
    return rows.map((row) => this.toIssued(row, 0, null));
  }

  /** Sends a receipt unless it was sent (or withdrawn) already; see sendOnce for why no connection is held meanwhile. */
  sendOnce(receiptId: string, send: () => Promise<void>, lastAttempt: boolean): Promise<SendOutcome> {
    return sendOnce(this.claims.claimOf('receipts', receiptId), this.config.QUEUE_LOCK_MS, send, lastAttempt);
  }

  /**
   * After staff corrected the donor's tax-receipt name and address (correction `correctionId`): the document in force
   * for the donation is issued again with the next number, printing the new details and naming the one it replaces.
   * Null when the donation has no receipt yet (the details apply to it when it is issued) or every document of it was
   * withdrawn. Keyed by the correction, so a rerun issues nothing twice.
   */
  async reissueForCorrection(donationId: string, correctionId: string): Promise<IssuedReceipt | null> {
    const sourceRef = `details:${correctionId}`;
    const result = await this.dataSource.transaction(async (tx) => {
      if (!(await this.receipts.lockOriginal(tx, donationId))) return null;
      const existing = await this.receipts.find('reissue', sourceRef);
      if (existing) return existing;
      const inForce = (await this.receipts.ofDonation(donationId, tx)).filter((d) => !d.withdrawn_at).at(-1);
      if (!inForce) return null;
      const balances = await this.ledger.balancesOfDonation(donationId, tx);
      const organisationVersion = await this.organisationVersion();
      const amount = balances.charged - balances.refunded - balances.disputed;
      if (amount <= 0) return null;
      const year = new Date().getUTCFullYear();
      return this.receipts.insertNumbered(
        { donationId, kind: 'reissue', sourceRef, amount, currency: inForce.currency, year, organisationVersion, replacesNumber: inForce.number },
        tx,
      );
    });
    if (!result) return null;
    const { charged } = await this.ledger.balancesOfDonation(donationId);
    return this.toIssued(result, charged, result.replaces_number);
  }

  private async organisationVersion(): Promise<number> {
    return (await this.organisation.current()).version;
  }

  /**
   * A full refund's cancellation is one per donation, however many refunds make it full. After that one was withdrawn
   * or replaced by a reissued receipt, a later full refund gets a cancellation of its own.
   */
  private async cancellationKey(donationId: string, refundId: string): Promise<string> {
    const documents = await this.receipts.ofDonation(donationId);
    const first = documents.findIndex((d) => d.kind === 'cancellation' && d.source_ref === donationId);
    if (first < 0) return donationId;
    const stillInForce = !documents[first].withdrawn_at && !documents.slice(first + 1).some((d) => d.kind === 'reissue');
    return stillInForce ? donationId : `${donationId}:${refundId}`;
  }

  private toIssued(row: ReceiptRow, charged: number, originalNumber: string | null): IssuedReceipt {
    const amount = toMinorUnits(row.amount);
    return {
      id: row.id,
      donationId: row.donation_id,
      kind: row.kind,
      sourceRef: row.source_ref,
      number: row.number,
      amount,
      refundedAmount: row.kind === 'cancellation' ? amount : row.kind === 'correction' ? charged - amount : 0,
      originalNumber: row.kind === 'receipt' ? null : row.kind === 'reissue' ? row.replaces_number : originalNumber,
      issuedAt: row.issued_at,
      sentAt: row.sent_at,
      withdrawnAt: row.withdrawn_at,
      currency: row.currency,
      details: row.details,
      organisationVersion: row.organisation_version,
    };
  }
}
