import type { DonationForReceipt } from '../donations/donations.service.js';
import type { OrganisationProfile } from '../organisation/organisation.service.js';
import { type ReceiptDetails, titleIn } from './receipt-details.js';
import type { ReceiptDocument, ReceiptKind } from './templates/receipt-email.js';

/** What a receipt document needs of the register row itself. */
export interface RegisteredReceipt {
  kind: ReceiptKind;
  number: string;
  originalNumber: string | null;
  amount: number;
  refundedAmount: number;
  currency: string;
  issuedAt: Date;
  details: ReceiptDetails | null;
}

/** Today's facts in the shape of a stored snapshot: for receipts numbered before snapshots were kept. */
function detailsOfToday(donation: DonationForReceipt): ReceiptDetails {
  return {
    donorName: donation.donorName,
    language: donation.language,
    recipient: donation.taxRecipient,
    titleJa: donation.campaignTitle,
    titleEn: donation.campaignTitle,
    fundKind: donation.fundKind,
    fundRecipient: donation.fundRecipient,
    donatedAt: donation.donatedAt.toISOString(),
  };
}

/**
 * The document of a receipt as it was issued: what it prints of the donor and campaign comes from its own snapshot
 * (today's facts only for a receipt numbered before snapshots were kept), the issuer from its profile version.
 */
export function receiptDocument(receipt: RegisteredReceipt, donation: DonationForReceipt | undefined, organisation: OrganisationProfile): ReceiptDocument {
  const details = receipt.details ?? (donation ? detailsOfToday(donation) : undefined);
  if (!details) throw new Error(`receipt ${receipt.number}: no details stored and no donation to take them from`);
  const refund = receipt.kind === 'correction' || receipt.kind === 'cancellation';
  return {
    kind: receipt.kind,
    receiptNumber: receipt.number,
    originalReceiptNumber: receipt.originalNumber ?? undefined,
    language: details.language,
    donorName: details.donorName,
    donorEmail: donation?.donorEmail ?? '',
    amount: receipt.amount,
    currency: receipt.currency,
    refundedAmount: refund ? receipt.refundedAmount : undefined,
    campaignTitle: titleIn(details.language, details),
    fundKind: details.fundKind,
    fundRecipient: details.fundRecipient,
    recipient: details.recipient,
    donatedAt: new Date(details.donatedAt),
    issuedAt: new Date(receipt.issuedAt),
    organisation,
  };
}
