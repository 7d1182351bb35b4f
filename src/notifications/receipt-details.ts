import type { FundKind } from '../campaigns/campaign.entity.js';
import type { Language } from '../common/money-format.js';
import type { TaxRecipient } from '../donations/tax-recipient.js';

/** What a per-gift receipt prints of its donor and campaign, stored with it when it is numbered (receipts.details). */
export interface ReceiptDetails {
  donorName: string | null;
  language: Language;
  recipient: TaxRecipient | null;
  titleJa: string | null;
  titleEn: string | null;
  fundKind: FundKind;
  fundRecipient: string | null;
  /** ISO 8601 */
  donatedAt: string;
}

/** One gift of an annual receipt, as stored with it. */
interface AnnualGiftDetails {
  donationId: string;
  receiptNumber: string | null;
  donatedAt: string;
  titleJa: string | null;
  titleEn: string | null;
  fundKind: FundKind;
  fundRecipient: string | null;
  amount: number;
}

/** What an annual receipt prints, stored with it when it is numbered (annual_receipts.details). */
export interface AnnualReceiptDetails {
  donorName: string | null;
  language: Language;
  recipient: TaxRecipient | null;
  gifts: AnnualGiftDetails[];
}

/** A campaign's title in the donor's language, or the other one when it has none in theirs. */
export function titleIn(language: Language, titles: { titleJa: string | null; titleEn: string | null }): string {
  return (language === 'ja' ? (titles.titleJa ?? titles.titleEn) : (titles.titleEn ?? titles.titleJa)) ?? '';
}
