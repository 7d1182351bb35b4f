import { formatMoney } from '../../common/money-format.js';
import type { Language } from '../../common/money-format.js';
import { detailsTable, detailsText, emailPage, escapeHtml, oneLine, organisationFooterHtml, organisationFooterText } from './organisation.js';
import type { Organisation, RenderedEmail } from './organisation.js';
import type { FundKind, ReceiptParties } from './receipt-document.js';
import { footerOrganisation } from './receipt-document.js';
import { custodyRecipient, type DocumentKind, documentDate, documentKind } from './receipt-wording.js';

export type ReceiptKind = 'receipt' | 'correction' | 'cancellation' | 'reissue';

export interface ReceiptDocument extends ReceiptParties {
  kind: ReceiptKind;
  /** e.g. KZ-2026-000123 */
  receiptNumber: string;
  /** For a correction or cancellation: the receipt it corrects; for a reissued receipt: the document it replaces. */
  originalReceiptNumber?: string;
  /** The amount this document states; for a correction, the amount that remains given. */
  amount: number;
  currency: string;
  /** For a correction or cancellation: how much was refunded. */
  refundedAmount?: number;
  /** In the donor's language, or the other when the campaign has none in it. */
  campaignTitle: string;
  fundKind: FundKind;
  /** For 義援金: the local government the money is passed on to. */
  fundRecipient: string | null;
  donatedAt: Date;
  issuedAt: Date;
}

/** The words of one receipt email, before they become HTML or text. */
export interface ReceiptCopy {
  subject: string;
  heading: string;
  greeting: string;
  paragraphs: string[];
  rows: [label: string, value: string][];
}

interface Refund {
  originalReceiptNumber: string;
  refundedAmount: number;
}

/** A correction or cancellation that does not say what it corrects would mislead the donor. */
export function refundOf(doc: ReceiptDocument): Refund {
  if (!doc.originalReceiptNumber) throw new Error(`${doc.kind} ${doc.receiptNumber} needs originalReceiptNumber`);
  if (doc.refundedAmount === undefined) throw new Error(`${doc.kind} ${doc.receiptNumber} needs refundedAmount`);
  return { originalReceiptNumber: doc.originalReceiptNumber, refundedAmount: doc.refundedAmount };
}

/** A receipt issued again that does not say what it replaces would leave the donor with two documents that disagree. */
export function replacedBy(doc: ReceiptDocument): string {
  if (!doc.originalReceiptNumber) throw new Error(`${doc.kind} ${doc.receiptNumber} needs originalReceiptNumber`);
  return doc.originalReceiptNumber;
}

/** What every kind of receipt says the same way, in the document's language. */
interface Context {
  doc: ReceiptDocument;
  money: (amount: number) => string;
  greeting: string;
  gift: [string, string][];
  issued: [string, string];
  /** What the attached PDF is, so the donor knows which document to keep or file. */
  attachment: string;
  /** The amount's label: a 義援金 is received in custody, not given to the organisation. */
  amountLabel: string;
}

/** The PDF each kind of document attaches, by what it may claim: a tax receipt, a custody receipt (預り証), or neither. */
const ATTACHMENTS: Record<Language, Record<DocumentKind, Record<ReceiptKind, string>>> = {
  en: {
    tax_receipt: {
      receipt: 'The attached PDF is your donation receipt (寄附金受領証明書) for your Japanese tax return (確定申告): please keep it and file it with your return.',
      correction: 'The attached PDF is the corrected donation receipt (寄附金受領証明書) for your tax return.',
      cancellation: 'The attached PDF is the notice that the donation receipt is cancelled.',
      reissue: 'The attached PDF is the donation receipt (寄附金受領証明書) for your tax return, issued again.',
    },
    custody: {
      receipt:
        'The attached PDF is the custody receipt (預り証) for your disaster relief donation: keep it for your tax return, where it counts as a gift to the local government.',
      correction: 'The attached PDF is the corrected custody receipt (預り証) for your disaster relief donation.',
      cancellation: 'The attached PDF is the notice that the custody receipt is cancelled.',
      reissue: 'The attached PDF is the custody receipt (預り証) for your disaster relief donation, issued again.',
    },
    plain_receipt: {
      receipt: 'Please keep this email: it is the receipt for your donation. The same receipt is attached as a PDF.',
      correction: 'The corrected receipt is attached as a PDF.',
      cancellation: 'The notice of cancellation is attached as a PDF.',
      reissue: 'The receipt issued again is attached as a PDF.',
    },
  },
  ja: {
    tax_receipt: {
      receipt: '添付のPDFは確定申告用の寄附金受領証明書です。確定申告の際に添付できるよう、大切に保管してください。',
      correction: '添付のPDFは訂正後の寄附金受領証明書です。',
      cancellation: '添付のPDFは寄附金受領証明書の取消通知です。',
      reissue: '添付のPDFは再発行した寄附金受領証明書です。',
    },
    custody: {
      receipt: '添付のPDFは義援金の預り証です。地方公共団体への寄附金として確定申告の際に必要となりますので、大切に保管してください。',
      correction: '添付のPDFは訂正後の預り証です。',
      cancellation: '添付のPDFは預り証の取消通知です。',
      reissue: '添付のPDFは再発行した預り証です。',
    },
    plain_receipt: {
      receipt: '本メールはご寄付の領収書です。大切に保管してください。同じ内容の領収書をPDFで添付しています。',
      correction: '訂正後の領収書をPDFで添付しています。',
      cancellation: '領収書の取消通知をPDFで添付しています。',
      reissue: '再発行した領収書をPDFで添付しています。',
    },
  },
};

function englishContext(doc: ReceiptDocument): Context {
  const kind = documentKind(doc.fundKind, doc.organisation);
  return {
    doc,
    attachment: ATTACHMENTS.en[kind][doc.kind],
    amountLabel: kind === 'custody' ? 'Amount received in custody' : 'Amount received',
    money: (amount) => formatMoney(amount, doc.currency, 'en'),
    greeting: doc.donorName ? `Dear ${doc.donorName},` : 'Dear donor,',
    gift: [
      ['Campaign', doc.campaignTitle],
      ['Date of gift', documentDate(doc.donatedAt, doc)],
    ],
    issued: ['Issued on', documentDate(doc.issuedAt, doc)],
  };
}

function japaneseContext(doc: ReceiptDocument): Context {
  const kind = documentKind(doc.fundKind, doc.organisation);
  return {
    doc,
    attachment: ATTACHMENTS.ja[kind][doc.kind],
    amountLabel: kind === 'custody' ? 'お預かりした義援金' : '寄付金額',
    money: (amount) => formatMoney(amount, doc.currency, 'ja'),
    greeting: doc.donorName ? `${doc.donorName} 様` : 'ご寄付者様',
    gift: [
      ['キャンペーン', doc.campaignTitle],
      ['寄付日', documentDate(doc.donatedAt, doc)],
    ],
    issued: ['発行日', documentDate(doc.issuedAt, doc)],
  };
}

const ENGLISH: Record<ReceiptKind, (context: Context) => ReceiptCopy> = {
  receipt: ({ doc, money, greeting, gift, issued, attachment, amountLabel }) => {
    if (doc.fundKind === 'gienkin') {
      return {
        subject: `Custody receipt ${doc.receiptNumber}: your disaster relief donation to ${doc.campaignTitle}`,
        heading: 'Thank you for your disaster relief donation',
        greeting,
        paragraphs: [
          `Thank you for your disaster relief donation of ${money(doc.amount)} to ${doc.campaignTitle}. We hold it in custody and pass it on in full to ${custodyRecipient(doc.fundRecipient)}.`,
          attachment,
        ],
        rows: [['Receipt number', doc.receiptNumber], ...gift, [amountLabel, money(doc.amount)], issued],
      };
    }
    return {
      subject: `Receipt ${doc.receiptNumber}: thank you for your gift to ${doc.campaignTitle}`,
      heading: 'Thank you for your gift',
      greeting,
      paragraphs: [`Thank you for your gift of ${money(doc.amount)} to ${doc.campaignTitle}. Your support goes straight to the relief effort.`, attachment],
      rows: [['Receipt number', doc.receiptNumber], ...gift, [amountLabel, money(doc.amount)], issued],
    };
  },
  correction: ({ doc, money, greeting, gift, issued, attachment }) => {
    const refund = refundOf(doc);
    return {
      subject: `Corrected receipt ${doc.receiptNumber} (replaces ${refund.originalReceiptNumber})`,
      heading: 'Corrected receipt',
      greeting,
      paragraphs: [
        `Part of your gift to ${doc.campaignTitle} was refunded to you: ${money(refund.refundedAmount)}.`,
        `The amount that remains given is ${money(doc.amount)}. This corrected receipt replaces receipt ${refund.originalReceiptNumber}; please keep it instead of the earlier one.`,
        attachment,
      ],
      rows: [
        ['Receipt number', doc.receiptNumber],
        ['Replaces receipt', refund.originalReceiptNumber],
        ...gift,
        ['Amount refunded', money(refund.refundedAmount)],
        ['Amount given', money(doc.amount)],
        issued,
      ],
    };
  },
  cancellation: ({ doc, money, greeting, gift, issued, attachment }) => {
    const refund = refundOf(doc);
    return {
      subject: `Receipt ${refund.originalReceiptNumber} cancelled: your gift was refunded`,
      heading: 'Receipt cancelled',
      greeting,
      paragraphs: [
        `Your gift of ${money(refund.refundedAmount)} to ${doc.campaignTitle} was refunded to you in full.`,
        `Receipt ${refund.originalReceiptNumber} is therefore void and can no longer be used as proof of a donation.`,
        attachment,
      ],
      rows: [['Cancellation number', doc.receiptNumber], ['Cancelled receipt', refund.originalReceiptNumber], ...gift, ['Amount refunded', money(refund.refundedAmount)], issued],
    };
  },
  reissue: ({ doc, money, greeting, gift, issued, attachment }) => {
    const replaced = replacedBy(doc);
    return {
      subject: `Receipt ${doc.receiptNumber} issued again: your refund did not go through`,
      heading: 'Receipt issued again',
      greeting,
      paragraphs: [
        `The refund of your gift to ${doc.campaignTitle} could not be completed, so your gift stands: ${money(doc.amount)} remains given.`,
        `This receipt is issued again and replaces ${replaced}; please keep it instead of the earlier document.`,
        attachment,
      ],
      rows: [['Receipt number', doc.receiptNumber], ['Replaces', replaced], ...gift, ['Amount given', money(doc.amount)], issued],
    };
  },
};

const JAPANESE: Record<ReceiptKind, (context: Context) => ReceiptCopy> = {
  receipt: ({ doc, money, greeting, gift, issued, attachment, amountLabel }) => {
    if (doc.fundKind === 'gienkin') {
      return {
        subject: `【預り証 ${doc.receiptNumber}】「${doc.campaignTitle}」への義援金をお預かりしました`,
        heading: '義援金をお預かりしました',
        greeting,
        paragraphs: [
          `このたびは「${doc.campaignTitle}」へ${money(doc.amount)}の義援金をお寄せいただき、誠にありがとうございます。お預かりした義援金は、全額を${custodyRecipient(doc.fundRecipient)}に拠出いたします。`,
          attachment,
        ],
        rows: [['預り証番号', doc.receiptNumber], ...gift, [amountLabel, money(doc.amount)], issued],
      };
    }
    return {
      subject: `【領収書 ${doc.receiptNumber}】「${doc.campaignTitle}」へのご寄付ありがとうございます`,
      heading: 'ご寄付ありがとうございます',
      greeting,
      paragraphs: [
        `このたびは「${doc.campaignTitle}」へ${money(doc.amount)}のご寄付をいただき、誠にありがとうございます。いただいたご支援は被災地の支援活動に充てられます。`,
        attachment,
      ],
      rows: [['領収書番号', doc.receiptNumber], ...gift, [amountLabel, money(doc.amount)], issued],
    };
  },
  correction: ({ doc, money, greeting, gift, issued, attachment }) => {
    const refund = refundOf(doc);
    return {
      subject: `【訂正領収書 ${doc.receiptNumber}】領収書 ${refund.originalReceiptNumber} の訂正`,
      heading: '訂正領収書',
      greeting,
      paragraphs: [
        `「${doc.campaignTitle}」へのご寄付のうち、${money(refund.refundedAmount)}を返金いたしました。`,
        `返金後のご寄付額は${money(doc.amount)}です。本訂正領収書は領収書 ${refund.originalReceiptNumber} に代わるものです。以前の領収書に代えて保管してください。`,
        attachment,
      ],
      rows: [
        ['領収書番号', doc.receiptNumber],
        ['訂正対象の領収書', refund.originalReceiptNumber],
        ...gift,
        ['返金額', money(refund.refundedAmount)],
        ['返金後の寄付金額', money(doc.amount)],
        issued,
      ],
    };
  },
  cancellation: ({ doc, money, greeting, gift, issued, attachment }) => {
    const refund = refundOf(doc);
    return {
      subject: `【領収書 ${refund.originalReceiptNumber} 取消】ご寄付を全額返金しました`,
      heading: '領収書の取消',
      greeting,
      paragraphs: [
        `「${doc.campaignTitle}」へのご寄付${money(refund.refundedAmount)}は全額返金されました。`,
        `そのため、領収書 ${refund.originalReceiptNumber} は無効となり、寄付の証明としてお使いいただけません。`,
        attachment,
      ],
      rows: [['取消番号', doc.receiptNumber], ['取り消す領収書', refund.originalReceiptNumber], ...gift, ['返金額', money(refund.refundedAmount)], issued],
    };
  },
  reissue: ({ doc, money, greeting, gift, issued, attachment }) => {
    const replaced = replacedBy(doc);
    return {
      subject: `【領収書 ${doc.receiptNumber} 再発行】返金が完了しなかったため領収書を再発行しました`,
      heading: '領収書の再発行',
      greeting,
      paragraphs: [
        `「${doc.campaignTitle}」へのご寄付の返金が完了しませんでした。そのため、${money(doc.amount)}のご寄付は引き続き有効です。`,
        `本領収書は ${replaced} に代わるものとして再発行しました。以前の書類に代えて保管してください。`,
        attachment,
      ],
      rows: [['領収書番号', doc.receiptNumber], ['置き換える書類', replaced], ...gift, ['寄付金額', money(doc.amount)], issued],
    };
  },
};

function receiptCopy(doc: ReceiptDocument): ReceiptCopy {
  if (doc.language === 'ja') return JAPANESE[doc.kind](japaneseContext(doc));
  return ENGLISH[doc.kind](englishContext(doc));
}

export function renderReceiptEmail(doc: ReceiptDocument): RenderedEmail {
  const footer = footerOrganisation(doc.organisation);
  // A custody receipt passes the money on to a local government: it names no certification of the organisation's own.
  if (doc.fundKind === 'gienkin') footer.registration = undefined;
  return receiptEmail(receiptCopy(doc), doc.language, footer);
}

/** A receipt email from its words: the same frame for every receipt, single or annual. */
export function receiptEmail(copy: ReceiptCopy, language: Language, footer: Organisation): RenderedEmail {
  const content = [
    `<h1 style="font-size:22px;margin:0 0 16px;">${escapeHtml(copy.heading)}</h1>`,
    `<p>${escapeHtml(copy.greeting)}</p>`,
    ...copy.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    detailsTable(copy.rows),
  ].join('\n');
  const html = emailPage(language, copy.heading, content, organisationFooterHtml(footer, language));
  const text = [copy.greeting, ...copy.paragraphs, detailsText(copy.rows), `--\n${organisationFooterText(footer, language)}`].join('\n\n');
  return { subject: oneLine(copy.subject), html, text: `${text}\n` };
}
