import type { FundKind } from '../../campaigns/campaign.entity.js';
import type { Language } from '../../common/money-format.js';
import type { TaxRecipient } from '../../donations/tax-recipient.js';
import type { OrganisationProfile } from '../../organisation/organisation.service.js';
import type { Organisation } from './organisation.js';

export type { FundKind, TaxRecipient, OrganisationProfile };

/**
 * What every receipt document prints about its issuer and its donor, fixed when the document is issued: the
 * organisation's profile version then in force, and the name and address the donor gave for a tax receipt (null when
 * they asked for none: the document is then a plain acknowledgement, not one to file with a tax return).
 */
export interface ReceiptParties {
  organisation: OrganisationProfile;
  recipient: TaxRecipient | null;
  language: Language;
  donorName: string | null;
  donorEmail: string;
}

/** One gift as an annual receipt lists it: what remains given after refunds. */
export interface AnnualGiftLine {
  receiptNumber: string;
  donatedAt: Date;
  campaignTitle: string;
  fundKind: FundKind;
  /** For 義援金: the local government it is passed on to. */
  fundRecipient: string | null;
  /** Given less refunded, in minor units. */
  amount: number;
}

/** One combined receipt per donor, calendar year and currency, with its own number series (KZA-2026-000001). */
export interface AnnualReceiptDocument extends ReceiptParties {
  receiptNumber: string;
  /** Set on a receipt issued again: the number it replaces, printed as 再発行 / "Reissued". */
  replacesNumber: string | null;
  year: number;
  currency: string;
  /** The sum of the gifts' amounts. */
  total: number;
  gifts: AnnualGiftLine[];
  issuedAt: Date;
}

/** The organisation as the footer of a receipt email names it. */
export function footerOrganisation(profile: OrganisationProfile): Organisation {
  return { name: profile.legalName, address: profile.address, email: profile.email, registration: profile.certificationNumber ?? undefined };
}
