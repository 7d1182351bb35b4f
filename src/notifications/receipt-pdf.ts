import { formatReceiptMoney } from '../common/money-format.js';
import type { Language } from '../common/money-format.js';
import { ReceiptLayout, type TableColumn } from './receipt-pdf-layout.js';
import type { AnnualGiftLine, AnnualReceiptDocument, ReceiptParties } from './templates/receipt-document.js';
import { type ReceiptDocument, type ReceiptKind, refundOf, replacedBy } from './templates/receipt-email.js';
import {
  addressRequest,
  addresseeName,
  DOCUMENT_NAMES,
  type DocumentKind,
  documentDate,
  documentKind,
  giftDocumentKind,
  documentStatement,
  giftPurpose,
  isDeductible,
  issuerLines,
  needsUsStatement,
  recipientAddressLines,
  usStatement,
} from './templates/receipt-wording.js';

/**
 * The receipt PDFs, in the donor's language: one per gift (a receipt, a correction, a cancellation, a receipt issued
 * again) and one per donor and year. What each prints for the organisation's tax status and the campaign's fund is
 * worded in templates/receipt-wording.ts; how it is laid out, in receipt-pdf-layout.ts.
 */

const LABELS = {
  ja: {
    number: '発行番号',
    donor: '寄附者',
    issued: '発行日',
    received: '受領日',
    purpose: '寄附の使途',
    custodyPurpose: 'お預かりの内容',
    custodyReceived: 'お預かり日',
    amount: '寄附金額',
    amountColumn: '寄附金額',
    custodyAmount: 'お預かりした義援金',
    custodyColumn: 'お預かり額',
    remaining: '返金後の寄附金額',
    refunded: '返金額',
    replaces: '置き換える書類',
    cancelled: '取り消す書類',
    issuer: '発行者',
    period: '対象期間',
    date: '受領日',
    receipt: '発行番号',
    campaign: 'キャンペーン',
    gifts: '寄附金の明細',
    total: '寄附金合計',
    custodyGifts: '災害義援金（預り証）',
    custodySubtotal: '義援金 小計',
    eachLine: '各行に記載の地方公共団体',
  },
  en: {
    number: 'Receipt number',
    donor: 'Donor',
    issued: 'Date of issue',
    received: 'Date received',
    purpose: 'Gift supports',
    custodyPurpose: 'Received for',
    custodyReceived: 'Date received',
    amount: 'Amount received',
    amountColumn: 'Amount',
    custodyAmount: 'Received in custody',
    custodyColumn: 'In custody',
    remaining: 'Amount given after refund',
    refunded: 'Amount refunded',
    replaces: 'Replaces',
    cancelled: 'Cancelled document',
    issuer: 'Issued by',
    period: 'Period',
    date: 'Date',
    receipt: 'Receipt',
    campaign: 'Campaign',
    gifts: 'Gifts',
    total: 'Total',
    custodyGifts: 'Disaster relief donations received in custody (預り証)',
    custodySubtotal: 'Subtotal',
    eachLine: 'the local government named on each line',
  },
} as const;

function documentTitle(language: Language, name: string, kind: ReceiptKind): string {
  if (kind === 'receipt') return name;
  if (language === 'ja') return { correction: `${name}（訂正）`, cancellation: `${name}の取消`, reissue: `${name}（再発行）` }[kind];
  return { correction: `${name}: corrected`, cancellation: `${name}: cancelled`, reissue: `${name}: reissued` }[kind];
}

/** The boxed line a correction, cancellation or reissue opens with, naming the document it replaces or voids. */
function kindBanner(doc: ReceiptDocument): string | null {
  if (doc.kind === 'receipt') return null;
  const other = doc.kind === 'reissue' ? replacedBy(doc) : refundOf(doc).originalReceiptNumber;
  if (doc.language === 'ja') {
    return { correction: `【訂正】本書は ${other} に代わるものです`, cancellation: `【取消】${other} は無効です`, reissue: `【再発行】本書は ${other} に代わるものです` }[doc.kind];
  }
  return { correction: `Corrected: this document replaces ${other}`, cancellation: `Cancelled: ${other} is void`, reissue: `Reissued: this document replaces ${other}` }[doc.kind];
}

/** What happened to the gift, for every kind but a plain receipt. */
function kindStatement(doc: ReceiptDocument): string | null {
  const money = (amount: number) => formatReceiptMoney(amount, doc.currency);
  const ja = doc.language === 'ja';
  if (doc.kind === 'reissue') {
    const replaced = replacedBy(doc);
    return ja
      ? `返金が完了しなかったため、ご寄附${money(doc.amount)}は引き続き有効です。本書は ${replaced} に代わるものとして再発行しました。`
      : `The refund of this gift could not be completed, so ${money(doc.amount)} remains given. This document is issued again and replaces ${replaced}.`;
  }
  if (doc.kind === 'receipt') return null;
  const refund = refundOf(doc);
  if (doc.kind === 'correction') {
    return ja
      ? `ご寄附のうち${money(refund.refundedAmount)}を返金したため、${refund.originalReceiptNumber} を訂正します。返金後の寄附金額は${money(doc.amount)}です。以前の書類に代えて本書を保管してください。`
      : `Part of this gift (${money(refund.refundedAmount)}) was refunded. This corrected document states the ${money(doc.amount)} that remains given and replaces ${refund.originalReceiptNumber}; keep it instead of the earlier one.`;
  }
  return ja
    ? `ご寄附${money(refund.refundedAmount)}は全額返金されました。そのため ${refund.originalReceiptNumber} は無効となり、寄附の証明としてお使いいただけません。`
    : `This gift was refunded in full (${money(refund.refundedAmount)}). ${refund.originalReceiptNumber} is void and no longer proves a donation.`;
}

function amountLine(doc: ReceiptDocument, kind: DocumentKind): [string, string] {
  const labels = LABELS[doc.language];
  if (doc.kind === 'cancellation') return [labels.refunded, formatReceiptMoney(refundOf(doc).refundedAmount, doc.currency)];
  if (doc.kind === 'correction') return [labels.remaining, formatReceiptMoney(doc.amount, doc.currency)];
  return [kind === 'custody' ? labels.custodyAmount : labels.amount, formatReceiptMoney(doc.amount, doc.currency)];
}

function detailRows(doc: ReceiptDocument, kind: DocumentKind): [string, string][] {
  const labels = LABELS[doc.language];
  const custody = kind === 'custody';
  const rows: [string, string][] = [];
  // Made out to the tax-receipt name; the donor as they gave, when that is another name.
  if (doc.recipient && doc.donorName && doc.donorName !== doc.recipient.name) rows.push([labels.donor, doc.donorName]);
  rows.push(
    [custody ? labels.custodyReceived : labels.received, documentDate(doc.donatedAt, doc)],
    [custody ? labels.custodyPurpose : labels.purpose, giftPurpose(doc.language, doc.campaignTitle, doc.fundKind, doc.fundRecipient)],
  );
  if (doc.kind === 'correction') {
    const refund = refundOf(doc);
    rows.push([labels.replaces, refund.originalReceiptNumber], [labels.refunded, formatReceiptMoney(refund.refundedAmount, doc.currency)]);
  }
  if (doc.kind === 'cancellation') rows.push([labels.cancelled, refundOf(doc).originalReceiptNumber]);
  if (doc.kind === 'reissue') rows.push([labels.replaces, replacedBy(doc)]);
  return rows;
}

function openLayout(parties: ReceiptParties, receiptNumber: string, title: string, issuedAt: Date): ReceiptLayout {
  const layout = new ReceiptLayout({ title: `${receiptNumber} ${title}`, author: parties.organisation.legalName, language: parties.language, issuedAt });
  layout.title(title);
  return layout;
}

function addressee(layout: ReceiptLayout, parties: ReceiptParties, references: [string, string][]): void {
  layout.header(addresseeName(parties), parties.recipient ? recipientAddressLines(parties.recipient) : [], references);
}

/** The end every document shares: the issuer, then the discreet request for a name and address when the tax office needs one. */
function closing(layout: ReceiptLayout, parties: ReceiptParties, kind: DocumentKind, asksForAddress: boolean): void {
  layout.issuer(LABELS[parties.language].issuer, issuerLines(parties.organisation, parties.language, kind));
  if (asksForAddress && !parties.recipient && isDeductible(kind)) layout.paragraphs([addressRequest(parties.language)], 'note');
}

export async function renderReceiptPdf(doc: ReceiptDocument): Promise<Buffer> {
  const kind = documentKind(doc.fundKind, doc.organisation);
  const labels = LABELS[doc.language];
  const layout = openLayout(doc, doc.receiptNumber, documentTitle(doc.language, DOCUMENT_NAMES[doc.language][kind], doc.kind), doc.issuedAt);
  const banner = kindBanner(doc);
  if (banner) layout.banner(banner);
  addressee(layout, doc, [
    [labels.number, doc.receiptNumber],
    [labels.issued, documentDate(doc.issuedAt, doc)],
  ]);
  layout.amount(...amountLine(doc, kind));
  layout.rows(detailRows(doc, kind));
  const statement = kindStatement(doc);
  if (statement) layout.paragraphs([statement]);
  // A cancellation certifies nothing: the gift it names was refunded.
  const givenStill = doc.kind !== 'cancellation';
  if (givenStill) layout.paragraphs(documentStatement(doc.language, kind, doc.organisation, doc.fundRecipient));
  if (givenStill && needsUsStatement(doc.currency, [doc.amount])) layout.paragraphs(usStatement(doc.language));
  closing(layout, doc, kind, givenStill);
  return layout.finish(`${doc.receiptNumber} · ${doc.organisation.legalName}`);
}

function giftColumns(width: number, language: Language, amountHeader: string): TableColumn[] {
  const labels = LABELS[language];
  const [date, number, amount] = [92, 100, 85];
  return [
    { header: labels.date, width: date },
    { header: labels.receipt, width: number },
    { header: labels.campaign, width: width - date - number - amount },
    { header: amountHeader, width: amount, align: 'right' },
  ];
}

function giftRow(doc: AnnualReceiptDocument, gift: AnnualGiftLine): string[] {
  let campaign = gift.campaignTitle;
  if (gift.fundKind === 'gienkin') {
    campaign = doc.language === 'ja' ? `${gift.campaignTitle}（${gift.fundRecipient}へ全額拠出）` : `${gift.campaignTitle} (passed on in full to ${gift.fundRecipient})`;
  }
  return [documentDate(gift.donatedAt, doc), gift.receiptNumber, campaign, formatReceiptMoney(gift.amount, doc.currency)];
}

const sum = (gifts: AnnualGiftLine[]) => gifts.reduce((total, gift) => total + gift.amount, 0);

function annualTitle(doc: AnnualReceiptDocument, kind: DocumentKind): string {
  if (doc.language === 'ja') return `${doc.year}年分 ${DOCUMENT_NAMES.ja[kind]}${doc.replacesNumber ? '（再発行）' : ''}`;
  const name = kind === 'custody' ? `Annual custody receipt ${doc.year} (disaster relief donations)` : `Annual donation receipt ${doc.year}`;
  return doc.replacesNumber ? `${name}: reissued` : name;
}

/** Where the year's 義援金 went: the one local government they all went to, or each line's. */
function custodyDestination(doc: AnnualReceiptDocument, custody: AnnualGiftLine[]): string {
  const recipients = new Set(custody.map((gift) => gift.fundRecipient));
  const [only] = recipients;
  return recipients.size === 1 && only ? only : LABELS[doc.language].eachLine;
}

/** One section of an annual receipt: its heading, the gifts as a table, and their sum. */
function giftSection(layout: ReceiptLayout, doc: AnnualReceiptDocument, gifts: AnnualGiftLine[], [heading, amountColumn, totalLabel]: [string, string, string]): void {
  const columns = giftColumns(layout.width, doc.language, amountColumn);
  layout.section(heading);
  layout.table(
    columns,
    gifts.map((gift) => giftRow(doc, gift)),
  );
  layout.total(columns, totalLabel, formatReceiptMoney(sum(gifts), doc.currency));
}

/**
 * One document for a donor's year: the gifts to the organisation with their total, and apart from them the 義援金 it
 * received in custody for local governments, with their own subtotal, since those are not gifts to the organisation.
 */
export async function renderAnnualReceiptPdf(doc: AnnualReceiptDocument): Promise<Buffer> {
  if (sum(doc.gifts) !== doc.total) throw new Error(`annual receipt ${doc.receiptNumber}: the gifts add up to ${sum(doc.gifts)}, not the total ${doc.total}`);
  const own = doc.gifts.filter((gift) => gift.fundKind !== 'gienkin');
  const custody = doc.gifts.filter((gift) => gift.fundKind === 'gienkin');
  // An annual receipt of 義援金 alone is a custody receipt and makes no claim about the organisation's certification.
  const kind = own.length ? giftDocumentKind(doc.organisation) : 'custody';
  const labels = LABELS[doc.language];
  const layout = openLayout(doc, doc.receiptNumber, annualTitle(doc, kind), doc.issuedAt);
  if (doc.replacesNumber) layout.banner(doc.language === 'ja' ? `【再発行】本書は ${doc.replacesNumber} に代わるものです` : `Reissued, replaces ${doc.replacesNumber}`);
  const period = doc.language === 'ja' ? `${doc.year}年1月1日〜${doc.year}年12月31日` : `1 January to 31 December ${doc.year}`;
  addressee(layout, doc, [
    [labels.number, doc.receiptNumber],
    [labels.issued, documentDate(doc.issuedAt, doc)],
    [labels.period, period],
  ]);
  if (own.length) {
    giftSection(layout, doc, own, [labels.gifts, labels.amountColumn, labels.total]);
    layout.paragraphs(documentStatement(doc.language, kind, doc.organisation, null));
  }
  if (custody.length) {
    giftSection(layout, doc, custody, [labels.custodyGifts, labels.custodyColumn, labels.custodySubtotal]);
    layout.paragraphs(documentStatement(doc.language, 'custody', doc.organisation, custodyDestination(doc, custody)));
  }
  if (
    needsUsStatement(
      doc.currency,
      doc.gifts.map((gift) => gift.amount),
    )
  )
    layout.paragraphs(usStatement(doc.language));
  closing(layout, doc, kind, true);
  return layout.finish(`${doc.receiptNumber} · ${doc.organisation.legalName}`);
}
