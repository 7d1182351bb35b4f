import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';
import { isUuid } from '../common/uuid.js';
import { toMinorUnits } from '../database/money.js';
import { DonationsService } from '../donations/donations.service.js';
import { OrganisationService } from '../organisation/organisation.service.js';
import { OutboxService } from '../queue/outbox.service.js';
import { JobName } from '../queue/queue.registry.js';
import { type AnnualGiftRow, type AnnualReceiptRow, AnnualReceiptsRepository, type NewAnnualReceipt } from './annual-receipts.repository.js';
import { renderAnnualReceiptPdf } from './receipt-pdf.js';
import { renderAnnualReceiptEmail } from './templates/annual-receipt-email.js';
import type { OutgoingMail } from './mail.service.js';
import { titleIn } from './receipt-details.js';
import { SendClaimsRepository } from './send-claims.repository.js';
import { type SendOutcome, sendOnce } from './send-once.js';
import type { AnnualGiftLine, AnnualReceiptDocument } from './templates/receipt-document.js';
import { NotificationError } from './notification.errors.js';

/** Donors issued per transaction: a year of many donors is issued in several, each numbered gap-free. */
const DONORS_PER_TRANSACTION = 500;

/** What an annual receipt's document is made from. */
export type PrintedAnnualReceipt = Pick<AnnualReceiptRow, 'number' | 'replaces_number' | 'year' | 'currency' | 'amount' | 'details' | 'organisation_version' | 'issued_at'>;

export interface AnnualRunView {
  id: string;
  year: number;
  status: 'running' | 'completed' | 'failed';
  issued: number;
  alreadyIssued: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface IssuedAnnualReceipt {
  id: string;
  number: string;
  kind: 'annual' | 'reissue';
  replacesNumber: string | null;
  amount: number;
  currency: string;
}

/** The year, in `timeZone`, that `now` falls in. */
export function yearIn(timeZone: string, now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(now));
}

/** One donor's gifts of a year in one currency (the rows are ordered by donor, currency and date), as the receipt stores them. */
function receiptsOf(gifts: AnnualGiftRow[]): NewAnnualReceipt[] {
  const series = new Map<string, AnnualGiftRow[]>();
  for (const gift of gifts) {
    const key = `${gift.donor_id}:${gift.currency}`;
    const rows = series.get(key) ?? [];
    rows.push(gift);
    series.set(key, rows);
  }
  return [...series.values()].map((rows) => {
    const latest = rows.at(-1)!;
    const recipient = rows.findLast((row) => row.tax_receipt)?.tax_receipt ?? null;
    const giftLines = rows.map((row) => ({
      donationId: row.donation_id,
      receiptNumber: row.receipt_number,
      donatedAt: new Date(row.donated_at).toISOString(),
      titleJa: row.title_ja,
      titleEn: row.title_en,
      fundKind: row.fund_kind,
      fundRecipient: row.fund_recipient,
      amount: toMinorUnits(row.remaining),
    }));
    return {
      donorId: latest.donor_id,
      currency: latest.currency,
      amount: giftLines.reduce((sum, gift) => sum + gift.amount, 0),
      details: { donorName: latest.donor_name, language: latest.language, recipient, gifts: giftLines },
    };
  });
}

/**
 * Annual receipts: one per donor, calendar year (in the organisation's time zone) and currency, for the gifts of the
 * year less their refunds and lost disputes. Never two for the same donor and year: the run locks the year's counter
 * and skips donors who have one, and a unique index stands behind it. Each is mailed once, by a job of its own.
 */
@Injectable()
export class AnnualReceiptsService {
  private readonly logger = new Logger('AnnualReceipts');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly receipts: AnnualReceiptsRepository,
    private readonly claims: SendClaimsRepository,
    private readonly outbox: OutboxService,
    private readonly organisation: OrganisationService,
    private readonly donations: DonationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts a run for `year` (finance, or the schedule with no staff): the worker issues and mails. */
  async start(year: number, requestedBy: string | null = null): Promise<string> {
    const thisYear = yearIn((await this.organisation.current()).timezone);
    if (!Number.isInteger(year) || year < 2000 || year > thisYear) throw new NotificationError('invalid', 'bad_year', `year must be a whole year from 2000 to ${thisYear}`);
    return this.dataSource.transaction(async (tx) => {
      const runId = await this.receipts.insertRun(tx, year, requestedBy);
      await this.outbox.add(tx, { name: JobName.RunAnnualReceipts, payload: { runId } });
      return runId;
    });
  }

  /** The schedule's run: the year before this one, in the organisation's time zone. */
  async startLastYear(): Promise<string> {
    return this.start(yearIn((await this.organisation.current()).timezone) - 1);
  }

  async run(runId: string): Promise<AnnualRunView> {
    const row = isUuid(runId) ? await this.receipts.run(runId) : undefined;
    if (!row) throw new NotificationError('not_found', 'annual_run_not_found', `no annual receipt run ${runId}`);
    return {
      id: row.id,
      year: row.year,
      status: row.status,
      issued: row.issued,
      alreadyIssued: row.already_issued,
      error: row.error,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    };
  }

  /** Issues the run's receipts and queues each to be mailed; a run already finished does nothing again. */
  async execute(runId: string): Promise<void> {
    const run = await this.receipts.run(runId);
    if (run?.status !== 'running') return;
    const counts = { issued: 0, alreadyIssued: 0 };
    try {
      const organisation = await this.organisation.current();
      const wanted = receiptsOf(await this.receipts.giftsOfYear(run.year, organisation.timezone));
      for (let i = 0; i < wanted.length; i += DONORS_PER_TRANSACTION) {
        const page = wanted.slice(i, i + DONORS_PER_TRANSACTION);
        const issued = await this.dataSource.transaction(async (tx) => {
          const rows = await this.receipts.issueAnnual(tx, run.year, organisation.version, runId, page);
          await this.outbox.addMany(
            tx,
            JobName.SendAnnualReceipt,
            rows.map((row) => ({ annualReceiptId: row.id })),
          );
          return rows.length;
        });
        counts.issued += issued;
        counts.alreadyIssued += page.length - issued;
      }
      await this.receipts.finishRun(runId, 'completed', counts, null);
    } catch (error) {
      this.logger.error({ runId, error: (error as Error).message }, 'annual receipt run failed');
      await this.receipts.finishRun(runId, 'failed', counts, (error as Error).message.slice(0, 2000));
    }
  }

  /**
   * Issues the receipt again with the next number, naming the last one issued for the donor and year, with the
   * donor's gifts and tax-receipt details as they are now (after an address was corrected, a late refund).
   */
  async reissue(id: string): Promise<IssuedAnnualReceipt> {
    const original = isUuid(id) ? await this.receipts.get(id) : undefined;
    if (!original) throw new NotificationError('not_found', 'annual_receipt_not_found', `no annual receipt ${id}`);
    const organisation = await this.organisation.current();
    const gifts = (await this.receipts.giftsOfYear(original.year, organisation.timezone, original.donor_id)).filter((g) => g.currency === original.currency);
    const [receipt] = receiptsOf(gifts);
    if (!receipt) throw new NotificationError('unprocessable', 'annual_receipt_nothing_given', `nothing remains given by this donor in ${original.year}`);
    const row = await this.dataSource.transaction(async (tx) => {
      const last = await this.receipts.lastOfSeries(tx, original);
      const reissued = await this.receipts.insertReissue(tx, last, organisation.version, receipt);
      await this.outbox.add(tx, { name: JobName.SendAnnualReceipt, payload: { annualReceiptId: reissued.id } });
      return reissued;
    });
    return { id: row.id, number: row.number, kind: row.kind, replacesNumber: row.replaces_number, amount: toMinorUnits(row.amount), currency: row.currency };
  }

  /** Mails an annual receipt once with its PDF; a rerun after it was sent does nothing. */
  async send(id: string, lastAttempt: boolean, send: (mail: OutgoingMail) => Promise<void>): Promise<SendOutcome | null> {
    const row = await this.receipts.get(id);
    if (!row || row.sent_at || row.withdrawn_at) return null;
    const mail = await this.message(row);
    return sendOnce(this.claims.claimOf('annual_receipts', id), this.config.QUEUE_LOCK_MS, () => send(mail), lastAttempt);
  }

  /** The document of an annual receipt as it was issued. */
  async document(row: PrintedAnnualReceipt, donorEmail: string): Promise<AnnualReceiptDocument> {
    const { details } = row;
    return {
      organisation: await this.organisation.version(row.organisation_version),
      recipient: details.recipient,
      language: details.language,
      donorName: details.donorName,
      donorEmail,
      receiptNumber: row.number,
      replacesNumber: row.replaces_number,
      year: row.year,
      currency: row.currency,
      total: toMinorUnits(row.amount),
      gifts: details.gifts.map(
        (gift): AnnualGiftLine => ({
          receiptNumber: gift.receiptNumber ?? '',
          donatedAt: new Date(gift.donatedAt),
          campaignTitle: titleIn(details.language, gift),
          fundKind: gift.fundKind,
          fundRecipient: gift.fundRecipient,
          amount: gift.amount,
        }),
      ),
      issuedAt: new Date(row.issued_at),
    };
  }

  private async message(row: AnnualReceiptRow): Promise<OutgoingMail> {
    const latestGift = row.details.gifts.at(-1)!;
    const { donorEmail } = await this.donations.forReceipt(latestGift.donationId);
    const doc = await this.document(row, donorEmail);
    return {
      to: donorEmail,
      ...renderAnnualReceiptEmail(doc),
      messageId: `<annual.${row.number}@${this.config.MAIL_FROM.split('@')[1]}>`,
      attachments: [{ filename: `${row.number}.pdf`, content: await renderAnnualReceiptPdf(doc), contentType: 'application/pdf' }],
    };
  }
}
