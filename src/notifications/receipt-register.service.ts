import { Injectable } from '@nestjs/common';
import { toMinorUnits } from '../database/money.js';
import type { DonationForReceipt } from '../donations/donations.service.js';
import { DonationsService } from '../donations/donations.service.js';
import { OrganisationService } from '../organisation/organisation.service.js';
import type { TaxRecipient } from './templates/receipt-document.js';
import { AnnualReceiptsService } from './annual-receipts.service.js';
import { renderAnnualReceiptPdf } from './receipt-pdf.js';
import { type AnnualReceiptDetails, type ReceiptDetails, titleIn } from './receipt-details.js';
import { receiptDocument } from './receipt-documents.js';
import { renderReceiptPdf } from './receipt-pdf.js';
import { type RegisterCursor, type RegisterRow, ReceiptRegisterRepository } from './receipt-register.repository.js';

const PAGE_SIZE = 200;

type RegisterType = 'receipt' | 'correction' | 'cancellation' | 'reissue' | 'annual' | 'annual_reissue';

/** One document of the register, as the CSV lists it; `pdf()` renders it as it was issued. */
export interface RegisterEntry {
  number: string;
  type: RegisterType;
  issuedAt: Date;
  replaces: string | null;
  donationId: string | null;
  donorId: string | null;
  donorName: string | null;
  recipient: TaxRecipient | null;
  campaign: string;
  fundKind: string;
  amount: number;
  currency: string;
  language: 'en' | 'ja';
  sentAt: Date | null;
  /** Never sent: what it stated stopped being true before it went out. Its number stays in the register, unused. */
  withdrawnAt: Date | null;
  pdf(): Promise<Buffer>;
}

/** What a per-gift receipt of today's facts stores, for receipts numbered before snapshots were kept. */
function detailsOfToday(donation: DonationForReceipt | undefined): ReceiptDetails {
  return {
    donorName: donation?.donorName ?? null,
    language: donation?.language ?? 'ja',
    recipient: donation?.taxRecipient ?? null,
    titleJa: donation?.campaignTitle ?? null,
    titleEn: donation?.campaignTitle ?? null,
    fundKind: donation?.fundKind ?? 'shienkin',
    fundRecipient: donation?.fundRecipient ?? null,
    donatedAt: (donation?.donatedAt ?? new Date(0)).toISOString(),
  };
}

/**
 * The receipt register for finance: every per-gift and annual receipt issued in a period, oldest first, read a page
 * at a time, each rendered from its own snapshot when asked.
 */
@Injectable()
export class ReceiptRegisterService {
  constructor(
    private readonly register: ReceiptRegisterRepository,
    private readonly donations: DonationsService,
    private readonly organisation: OrganisationService,
    private readonly annual: AnnualReceiptsService,
  ) {}

  /** Pages of the register in [from, to), oldest first. */
  async *pages(from: Date | null, to: Date | null): AsyncGenerator<RegisterEntry[]> {
    let after: RegisterCursor | null = null;
    for (;;) {
      const rows = await this.register.page(from, to, after, PAGE_SIZE);
      if (!rows.length) return;
      const missing = rows.filter((row) => row.source === 'receipt' && !row.details).map((row) => row.donation_id!);
      const today = missing.length ? await this.donations.forReceipts([...new Set(missing)]) : new Map<string, DonationForReceipt>();
      yield rows.map((row) => (row.source === 'annual' ? this.annualEntry(row) : this.receiptEntry(row, today.get(row.donation_id!))));
      const last = rows.at(-1)!;
      after = { issuedAt: last.issued_at_text, number: last.number };
    }
  }

  private receiptEntry(row: RegisterRow, donation: DonationForReceipt | undefined): RegisterEntry {
    const details = (row.details as ReceiptDetails | null) ?? detailsOfToday(donation);
    const kind = row.kind as Exclude<RegisterRow['kind'], 'annual'>;
    const amount = toMinorUnits(row.amount);
    const refunded = kind === 'cancellation' ? amount : kind === 'correction' ? toMinorUnits(row.original_amount) - amount : 0;
    return {
      number: row.number,
      type: kind,
      issuedAt: row.issued_at,
      replaces: row.replaces,
      donationId: row.donation_id,
      donorId: null,
      donorName: details.donorName,
      recipient: details.recipient,
      campaign: titleIn(details.language, details),
      fundKind: details.fundKind,
      amount,
      currency: row.currency,
      language: details.language,
      sentAt: row.sent_at,
      withdrawnAt: row.withdrawn_at,
      pdf: async () => {
        const receipt = { kind, number: row.number, originalNumber: row.replaces, amount, refundedAmount: refunded, currency: row.currency, issuedAt: row.issued_at, details };
        return renderReceiptPdf(receiptDocument(receipt, donation, await this.organisation.version(row.organisation_version)));
      },
    };
  }

  private annualEntry(row: RegisterRow): RegisterEntry {
    const details = row.details as AnnualReceiptDetails;
    const distinct = (values: string[]) => [...new Set(values)].join(' / ');
    return {
      number: row.number,
      type: row.kind === 'reissue' ? 'annual_reissue' : 'annual',
      issuedAt: row.issued_at,
      replaces: row.replaces,
      donationId: null,
      donorId: row.donor_id,
      donorName: details.donorName,
      recipient: details.recipient,
      campaign: distinct(details.gifts.map((gift) => titleIn(details.language, gift))),
      fundKind: distinct(details.gifts.map((gift) => gift.fundKind)),
      amount: toMinorUnits(row.amount),
      currency: row.currency,
      language: details.language,
      sentAt: row.sent_at,
      withdrawnAt: row.withdrawn_at,
      pdf: async () => {
        const year = Number(row.number.split('-')[1]);
        return renderAnnualReceiptPdf(await this.annual.document({ ...row, year, replaces_number: row.replaces, details, organisation_version: row.organisation_version! }, ''));
      },
    };
  }
}
