import { formatMoney } from '../../common/money-format.js';
import type { RenderedEmail } from './organisation.js';
import type { AnnualGiftLine, AnnualReceiptDocument } from './receipt-document.js';
import { footerOrganisation } from './receipt-document.js';
import { type ReceiptCopy, receiptEmail } from './receipt-email.js';
import { documentDate, giftDocumentKind } from './receipt-wording.js';

/** The email that carries a donor's annual receipt: the year's gifts in one PDF, and which of them were 義援金 held in custody. */

interface Totals {
  own: AnnualGiftLine[];
  custody: AnnualGiftLine[];
  sum: (gifts: AnnualGiftLine[]) => string;
}

function totals(doc: AnnualReceiptDocument): Totals {
  return {
    own: doc.gifts.filter((gift) => gift.fundKind !== 'gienkin'),
    custody: doc.gifts.filter((gift) => gift.fundKind === 'gienkin'),
    sum: (gifts) =>
      formatMoney(
        gifts.reduce((total, gift) => total + gift.amount, 0),
        doc.currency,
        doc.language,
      ),
  };
}

function english(doc: AnnualReceiptDocument): ReceiptCopy {
  const { own, custody, sum } = totals(doc);
  const taxReceipt = giftDocumentKind(doc.organisation) === 'tax_receipt';
  const name = doc.recipient?.name ?? doc.donorName;
  const paragraphs = [`Thank you for your support in ${doc.year}. Attached as a PDF is your annual receipt: every gift you made in ${doc.year} in one document, less any refunds.`];
  if (taxReceipt && own.length) paragraphs.push('It is the donation receipt (寄附金受領証明書) to file with your Japanese tax return (確定申告): please keep it.');
  if (custody.length) {
    paragraphs.push(
      `Of these, ${sum(custody)} were disaster relief donations (義援金) that we received in custody to pass on in full to local governments; the receipt lists them apart, as a custody receipt (預り証).`,
    );
  }
  if (doc.replacesNumber) paragraphs.push(`This annual receipt is issued again and replaces ${doc.replacesNumber}; please keep it instead of the earlier one.`);
  const rows: [string, string][] = [
    ['Receipt number', doc.receiptNumber],
    ['Year', String(doc.year)],
    ['Gifts', String(doc.gifts.length)],
  ];
  if (own.length) rows.push(['Total given', sum(own)]);
  if (custody.length) rows.push(['Disaster relief donations held in custody', sum(custody)]);
  rows.push(['Issued on', documentDate(doc.issuedAt, doc)]);
  return {
    subject: `Annual receipt ${doc.year} (${doc.receiptNumber})${doc.replacesNumber ? ', issued again' : ''}: thank you for your support`,
    heading: `Your gifts in ${doc.year}`,
    greeting: name ? `Dear ${name},` : 'Dear donor,',
    paragraphs,
    rows,
  };
}

function japanese(doc: AnnualReceiptDocument): ReceiptCopy {
  const { own, custody, sum } = totals(doc);
  const taxReceipt = giftDocumentKind(doc.organisation) === 'tax_receipt';
  const name = doc.recipient?.name ?? doc.donorName;
  const title = taxReceipt ? '寄附金受領証明書' : '領収書';
  const paragraphs = [
    `${doc.year}年も温かいご支援をいただき、誠にありがとうございました。${doc.year}年中にいただいたご寄付（返金分を除く）を1通にまとめた${doc.year}年分の${title}をPDFで添付しています。`,
  ];
  if (taxReceipt && own.length) paragraphs.push('添付のPDFは確定申告用の寄附金受領証明書です。確定申告の際に添付できるよう、大切に保管してください。');
  if (custody.length) paragraphs.push(`このうち${sum(custody)}は、地方公共団体へ全額拠出するためにお預かりした義援金です。当法人への寄附金とは別に、預り証として記載しています。`);
  if (doc.replacesNumber) paragraphs.push(`本書は ${doc.replacesNumber} に代わるものとして再発行しました。以前の書類に代えて保管してください。`);
  const rows: [string, string][] = [
    ['発行番号', doc.receiptNumber],
    ['対象年', `${doc.year}年`],
    ['ご寄付の件数', `${doc.gifts.length}件`],
  ];
  if (own.length) rows.push(['寄付金額の合計', sum(own)]);
  if (custody.length) rows.push(['お預かりした義援金', sum(custody)]);
  rows.push(['発行日', documentDate(doc.issuedAt, doc)]);
  return {
    subject: `【${doc.year}年分 ${title} ${doc.receiptNumber}${doc.replacesNumber ? ' 再発行' : ''}】1年間のご支援ありがとうございました`,
    heading: `${doc.year}年のご寄付のまとめ`,
    greeting: name ? `${name} 様` : 'ご寄付者様',
    paragraphs,
    rows,
  };
}

export function renderAnnualReceiptEmail(doc: AnnualReceiptDocument): RenderedEmail {
  return receiptEmail(doc.language === 'ja' ? japanese(doc) : english(doc), doc.language, footerOrganisation(doc.organisation));
}
