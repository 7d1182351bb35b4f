import { formatDate, formatDateInZone } from '../../common/money-format.js';
import type { Language } from '../../common/money-format.js';
import type { FundKind, OrganisationProfile, ReceiptParties, TaxRecipient } from './receipt-document.js';

/**
 * What a receipt document says about itself, its issuer and its donor, in the donor's language: the words the PDFs
 * print and the emails that carry them name. What a document may claim follows from the organisation's tax status
 * and the campaign's fund: a 義援金 is passed on to a local government, so its document is a custody receipt (預り証)
 * that makes no claim about the organisation's own certification.
 */

/** The kind of document: a custody receipt for 義援金, else what the organisation's tax status lets it issue. */
export type DocumentKind = 'custody' | 'tax_receipt' | 'plain_receipt';

export function documentKind(fundKind: FundKind, organisation: OrganisationProfile): DocumentKind {
  return fundKind === 'gienkin' ? 'custody' : giftDocumentKind(organisation);
}

/** The document for a gift to the organisation itself (支援金). */
export function giftDocumentKind(organisation: OrganisationProfile): DocumentKind {
  return organisation.taxStatus === 'none' ? 'plain_receipt' : 'tax_receipt';
}

export const DOCUMENT_NAMES: Record<Language, Record<DocumentKind, string>> = {
  ja: { custody: '預り証', tax_receipt: '寄附金受領証明書', plain_receipt: '領収書' },
  en: { custody: 'Custody receipt (disaster relief donation)', tax_receipt: 'Donation receipt', plain_receipt: 'Donation receipt' },
};

/** A gift the donor can claim on a Japanese tax return, given the document names them: to a local government or a certified organisation. */
export function isDeductible(kind: DocumentKind): boolean {
  return kind !== 'plain_receipt';
}

/** The calendar date in the organisation's time zone: 2026年12月1日, 1 December 2026. */
export function documentDate(date: Date, parties: Pick<ReceiptParties, 'language' | 'organisation'>): string {
  return formatDateInZone(date, parties.language, parties.organisation.timezone);
}

/** The name a document is made out to: the tax recipient's, else the donor's. */
export function addresseeName(parties: ReceiptParties): string {
  const name = parties.recipient?.name ?? parties.donorName;
  if (parties.language === 'ja') return name ? `${name} 様` : 'ご寄附者 様';
  return name ?? 'Donor';
}

/** 〒123-4567 and the address as written on an envelope; the country too when it is not Japan. */
export function recipientAddressLines(recipient: TaxRecipient): string[] {
  const lines = recipient.address.split(/\r?\n/);
  if (recipient.country === 'JP') return [`〒${recipient.postalCode}`, ...lines];
  return [recipient.postalCode, ...lines, recipient.country];
}

/**
 * What the gift supports: 「能登半島地震 2024 緊急支援」の被災者支援活動. Straight quotes in English: the font's curly ones
 * are full-width.
 */
export function giftPurpose(language: Language, campaignTitle: string, fundKind: FundKind, fundRecipient: string | null): string {
  if (fundKind === 'gienkin') {
    const to = custodyRecipient(fundRecipient);
    return language === 'ja' ? `「${campaignTitle}」の災害義援金（${to}へ全額拠出）` : `Disaster relief donation "${campaignTitle}", passed on in full to ${to}`;
  }
  return language === 'ja' ? `「${campaignTitle}」の被災者支援活動` : `Relief work of "${campaignTitle}"`;
}

/** A custody receipt that does not say where the money goes proves nothing to the tax office. */
export function custodyRecipient(fundRecipient: string | null): string {
  if (!fundRecipient) throw new Error('a 義援金 needs the local government it is passed on to (fundRecipient)');
  return fundRecipient;
}

/** The organisation as a receipt names its issuer: name, address, representative and, on its own receipts, its certification. */
export function issuerLines(organisation: OrganisationProfile, language: Language, kind: DocumentKind): string[] {
  const lines = [organisation.legalName, ...organisation.address.split(/\r?\n/)];
  if (organisation.representative) lines.push(language === 'ja' ? `代表者 ${organisation.representative}` : `Representative: ${organisation.representative}`);
  if (kind === 'tax_receipt') lines.push(...certificationLines(organisation, language));
  lines.push(organisation.email);
  return lines;
}

function certificationLines(organisation: OrganisationProfile, language: Language): string[] {
  const { certificationNumber: number, certificationDate } = organisation;
  if (!number || !certificationDate) return [];
  // YYYY-MM-DD, a calendar date: read as midnight UTC and printed as it is.
  const date = formatDate(new Date(`${certificationDate}T00:00:00Z`), language);
  if (organisation.taxStatus === 'certified_npo') {
    return language === 'ja' ? [`認定番号 ${number}`, `認定年月日 ${date}`] : [`Certification no. (認定番号): ${number}`, `Certified on (認定年月日): ${date}`];
  }
  return language === 'ja' ? [`税額控除に係る証明書 ${number}`, `証明年月日 ${date}`] : [`Tax credit certificate (税額控除に係る証明書): ${number}`, `Certified on: ${date}`];
}

/**
 * What the document certifies about a gift that remains given (a receipt, a correction, a reissue). `custodyTo` names
 * where a 義援金 goes: the local government, or for an annual receipt's several lines, where each line says.
 */
export function documentStatement(language: Language, kind: DocumentKind, organisation: OrganisationProfile, custodyTo: string | null): string[] {
  if (kind === 'custody') return custodyStatement(language, custodyRecipient(custodyTo));
  if (kind === 'plain_receipt') return [PLAIN_THANKS[language]];
  return organisation.taxStatus === 'certified_npo' ? CERTIFIED_NPO[language] : PUBLIC_INTEREST[language];
}

const PLAIN_THANKS: Record<Language, string> = {
  ja: '上記の金額をご寄附として確かに受領いたしました。温かいご支援に心より感謝申し上げます。',
  en: 'We received the amount above as your donation. Thank you for your support.',
};

/**
 * The National Tax Agency's sense of a custody receipt: the collecting body received the money in custody and passes it
 * on in full to the local government, so the gift counts as one to the local government (所得税法第78条第2項第1号,
 * 法人税法第37条第3項第1号, as the NTA's own example of a 預り証 cites them).
 */
function custodyStatement(language: Language, to: string): string[] {
  if (language === 'ja') {
    return [
      `上記の金額を災害義援金としてお預かりしました。お預かりした義援金は、全額を${to}に拠出いたします。当法人への寄附金ではありません。`,
      '（注）この預り証は、所得税法第78条第2項第1号及び法人税法第37条第3項第1号に規定する「国又は地方公共団体に対する寄附金」に該当することの証明としてお使いいただけます。確定申告の際に必要となりますので、大切に保管してください。',
    ];
  }
  return [
    `We have received the amount above in custody as a disaster relief donation (災害義援金). It will be passed on in full to ${to}; it is not a gift to our organisation.`,
    'Note: under Japanese tax law this custody receipt shows that the gift counts as a gift to a national or local government (Income Tax Act art. 78(2)(i), Corporation Tax Act art. 37(3)(i)). Keep it for your tax return (確定申告).',
  ];
}

const CERTIFIED_NPO: Record<Language, string[]> = {
  ja: [
    '上記の金額を、当法人が行う特定非営利活動に係る事業に関連する寄附金として受領したことを証明します。',
    '本書は認定NPO法人（認定特定非営利活動法人）に対する寄附金の受領証明書です。寄附金控除または税額控除を受ける際は、確定申告書に添付してください。',
  ],
  en: [
    'We certify that we received the amount above as a donation related to the specified non-profit activities (特定非営利活動) of our organisation, a certified NPO (認定NPO法人).',
    'This is the receipt for a gift to a certified NPO: attach it to your Japanese income tax return (確定申告) to claim the deduction or the tax credit for donations.',
  ],
};

const PUBLIC_INTEREST: Record<Language, string[]> = {
  ja: [
    '上記の金額を寄附金として受領したことを証明します。',
    '寄附金控除を受ける際は、本書を確定申告書に添付してください。税額控除を受ける場合は、あわせて当法人の税額控除に係る証明書の写しが必要です（証明書の番号と日付は上記のとおりです）。',
  ],
  en: [
    'We certify that we received the amount above as a donation to our organisation, a public-interest corporation (公益法人).',
    'Attach this receipt to your Japanese income tax return (確定申告) to claim the deduction for donations. For the tax credit (税額控除), a copy of our tax credit certificate (税額控除に係る証明書の写し, number and date above) is needed as well.',
  ],
};

/** The statement US donors need for gifts of $250 or more; in English whatever the language, a US tax return asks for it so. */
const NO_GOODS_OR_SERVICES = 'No goods or services were provided in exchange for this contribution.';

export function usStatement(language: Language): string[] {
  return language === 'ja' ? ['本寄附の対価として、物品またはサービスの提供は一切ありません。', NO_GOODS_OR_SERVICES] : [NO_GOODS_OR_SERVICES];
}

const US_STATEMENT_FROM = 25_000; // $250.00

export function needsUsStatement(currency: string, amounts: number[]): boolean {
  return currency === 'usd' && amounts.some((amount) => amount >= US_STATEMENT_FROM);
}

/** Said, discreetly, on a deductible document made out to nobody: the tax office needs the donor's name and address. */
export function addressRequest(language: Language): string {
  return language === 'ja'
    ? '確定申告に使える書類には、寄附者のお名前とご住所の記載が必要です。ご希望の方は、この書類が添付されたメールにご返信のうえ、お名前・郵便番号・ご住所をお知らせください。記載した書類をお送りします。'
    : "A receipt for the tax office must show the donor's name and address. To get one, reply to the email this document came with, giving your name, postal code and address, and we will send it to you.";
}
