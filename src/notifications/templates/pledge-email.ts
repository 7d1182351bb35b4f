import { formatJapanDeadline, formatMoney } from '../../common/money-format.js';
import type { Language } from '../../common/money-format.js';
import type { PaymentInstructions } from '../../donations/donation.entity.js';
import type { PledgeEmailKind } from '../../queue/queue.registry.js';
import { detailsTable, detailsText, emailPage, escapeHtml, oneLine, organisationFooterHtml, organisationFooterText } from './organisation.js';
import type { Organisation, RenderedEmail } from './organisation.js';

export interface PledgeEmailDocument {
  kind: PledgeEmailKind;
  language: Language;
  donorName: string | null;
  campaignTitle: string;
  /** What the donor pledged: the gift and any fee they chose to cover, in minor units. */
  amount: number;
  /** What was still to pay when the email was decided: the whole amount, except after part of a transfer arrived. */
  amountRemaining: number;
  currency: string;
  /** The voucher or the bank account; only an expired pledge may have none (it expired before Stripe showed it). */
  instructions: PaymentInstructions | null;
  /** Where the donor can give again, after a voucher expired. */
  giveAgainUrl: string;
  organisation: Organisation;
}

type Konbini = Extract<PaymentInstructions, { type: 'konbini' }>;
type BankTransfer = Extract<PaymentInstructions, { type: 'bank_transfer' }>;
type Variant = 'instructions-konbini' | 'instructions-bank' | 'reminder-konbini' | 'reminder-bank' | 'partial' | 'expired';

/** What an email says, before it becomes HTML or text. */
type Block = { paragraph: string } | { heading: string } | { rows: [string, string][] } | { link: string; url: string };

/** The facts every sentence may name, already formatted in the email's language. */
interface Facts {
  title: string;
  amount: string;
  remaining: string;
  received: string;
  /** A voucher's deadline in Japan time, with the zone named. */
  deadline: string;
}

interface Opening {
  subject: (f: Facts) => string;
  heading: string;
  paragraphs: (f: Facts) => string[];
  /** A closing line after the details, for a reminder that may cross the donor's payment. */
  crossed?: string;
}

interface Words {
  greeting: (name: string | null) => string;
  deadline: (at: Date) => string;
  openings: Record<Variant, Opening>;
  konbini: {
    amount: string;
    payBy: string;
    voucher: string;
    stores: string;
    paymentCode: string;
    confirmationNumber: string;
    chains: Record<string, { name: string; how: string }>;
    notes: string[];
  };
  bank: {
    amount: string;
    bank: (i: BankTransfer) => [string, string];
    branch: (i: BankTransfer) => [string, string];
    accountType: string;
    accountTypes: Record<string, string>;
    accountNumber: string;
    holder: string;
    notes: (organisation: Organisation) => string[];
  };
  giveAgain: string;
}

const LOPPI_JA =
  '店内の Loppi で「各種番号をお持ちの方」を選び、お支払い番号と確認番号を入力してください。発券された申込券を30分以内にレジへお持ちいただき、現金でお支払いください。';
const LOPPI_EN =
  'At the Loppi terminal in the store, choose 各種番号をお持ちの方 (for customers with a number) and enter the payment code and confirmation number; take the slip it prints to the till within 30 minutes and pay in cash.';

const JAPANESE: Words = {
  greeting: (name) => (name ? `${name} 様` : 'ご寄付者様'),
  deadline: (at) => `${formatJapanDeadline(at, 'ja')}（日本時間）`,
  openings: {
    'instructions-konbini': {
      subject: (f) => `【お支払いのご案内】「${f.title}」へのご寄付（コンビニ払い）`,
      heading: 'コンビニでのお支払いのご案内',
      paragraphs: (f) => [
        `このたびは「${f.title}」へのご寄付をお申し込みいただき、誠にありがとうございます。`,
        `お支払い期限までに、下記のいずれかのコンビニエンスストアで${f.amount}をお支払いください。お支払いを確認しましたら、領収書をメールでお送りします。`,
      ],
    },
    'reminder-konbini': {
      subject: (f) => `【お支払い期限が近づいています】「${f.title}」へのご寄付（コンビニ払い）`,
      heading: 'お支払い期限が近づいています',
      paragraphs: (f) => [
        `「${f.title}」へのご寄付をお申し込みいただき、ありがとうございます。`,
        `${f.amount}のお支払い期限は${f.deadline}です。期限までに、下記のいずれかのコンビニエンスストアでお支払いください。`,
      ],
      crossed: 'すでにお支払いいただいている場合は、行き違いとなりますのでご容赦ください。',
    },
    'instructions-bank': {
      subject: (f) => `【お振込みのご案内】「${f.title}」へのご寄付（銀行振込）`,
      heading: 'お振込み先のご案内',
      paragraphs: (f) => [
        `このたびは「${f.title}」へのご寄付をお申し込みいただき、誠にありがとうございます。`,
        `下記の口座へ${f.remaining}をお振込みください。お振込みを確認しましたら、領収書をメールでお送りします。`,
      ],
    },
    partial: {
      subject: (f) => `【一部のお振込みを確認しました】「${f.title}」へのご寄付（残り${f.remaining}）`,
      heading: 'お振込みの一部を確認しました',
      paragraphs: (f) => [
        `「${f.title}」へのご寄付のお振込みをありがとうございます。これまでに${f.received}の入金を確認いたしました。`,
        `ご寄付の${f.amount}のうち、残りは${f.remaining}です。お手数ですが、残りの金額を下記の口座へお振込みください。`,
      ],
    },
    'reminder-bank': {
      subject: (f) => `【お振込みのお願い】「${f.title}」へのご寄付（残り${f.remaining}）`,
      heading: '残りのお振込みのお願い',
      paragraphs: (f) => [
        `先日は「${f.title}」へのご寄付のお振込みをありがとうございました。`,
        `ご寄付の${f.amount}のうち、残りの${f.remaining}の入金がまだ確認できておりません。お手数ですが、下記の口座へお振込みをお願いいたします。`,
      ],
      crossed: 'すでにお振込みいただいている場合は、行き違いとなりますのでご容赦ください。',
    },
    expired: {
      subject: (f) => `【お支払い期限を過ぎました】「${f.title}」へのご寄付のお申し込みについて`,
      heading: 'お支払い期限を過ぎました',
      paragraphs: (f) => [
        `「${f.title}」へのご寄付（${f.amount}）をお申し込みいただき、ありがとうございました。`,
        `お支払い期限${f.deadline ? `の${f.deadline}` : ''}までにお支払いを確認できなかったため、今回のお申し込みは取り消しとなりました。料金は一切発生しておりませんので、どうぞご安心ください。`,
        '被災地に心を寄せていただいたことに、心より感謝申し上げます。あらためてご寄付いただける場合は、下記のページからお手続きいただけます。',
      ],
    },
  },
  konbini: {
    amount: 'お支払い金額',
    payBy: 'お支払い期限',
    voucher: '払込票を表示する',
    stores: '各コンビニエンスストアでのお支払い方法',
    paymentCode: 'お支払い番号',
    confirmationNumber: '確認番号',
    chains: {
      familymart: {
        name: 'ファミリーマート',
        how: '店内のマルチコピー機で「代金支払い」を選び、お支払い番号と確認番号を入力してください。発券された申込券を30分以内にレジへお持ちいただき、現金でお支払いください。',
      },
      lawson: { name: 'ローソン', how: LOPPI_JA },
      ministop: { name: 'ミニストップ', how: LOPPI_JA },
      seicomart: { name: 'セイコーマート', how: 'レジで「インターネット支払い」とお申し出のうえ、お支払い番号をお伝えいただき、現金でお支払いください。' },
    },
    notes: [
      'お支払いは現金のみです。店頭でお受け取りになる受領書は、お支払いの控えとして保管してください。',
      '期限までにお支払いがない場合、お申し込みは自動的に取り消されます。料金が発生することはありません。',
    ],
  },
  bank: {
    amount: '振込金額',
    bank: (i) => ['金融機関', `${i.bankName}（金融機関コード ${i.bankCode}）`],
    branch: (i) => ['支店', `${i.branchName}（支店コード ${i.branchCode}）`],
    accountType: '口座種別',
    accountTypes: { futsu: '普通', toza: '当座' },
    accountNumber: '口座番号',
    holder: '口座名義',
    notes: (organisation) => [
      'この口座はご寄付者様専用のお振込み先です。',
      '振込金額は上記の金額ちょうどでお願いいたします。振込手数料はご負担くださいますようお願いいたします。手数料を差し引いてお振込みいただくと、その分が不足として残ります。',
      '日本国内の金融機関からお振込みください。一部のみのお振込みの場合は、残りの金額をメールでお知らせします。',
      `誤って多くお振込みいただいた場合は、お手数ですが ${organisation.email} までご連絡ください。`,
    ],
  },
  giveAgain: 'あらためて寄付する',
};

const ENGLISH: Words = {
  greeting: (name) => (name ? `Dear ${name},` : 'Dear donor,'),
  deadline: (at) => formatJapanDeadline(at, 'en'),
  openings: {
    'instructions-konbini': {
      subject: (f) => `How to pay your gift to ${f.title} at a convenience store`,
      heading: 'How to pay at a convenience store',
      paragraphs: (f) => [
        `Thank you for your gift to ${f.title}.`,
        `Please pay ${f.amount} in cash at any of the convenience stores below before the deadline. We will email your receipt as soon as the payment reaches us.`,
      ],
    },
    'reminder-konbini': {
      subject: (f) => `Reminder: your gift to ${f.title} is due by ${f.deadline}`,
      heading: 'Your payment deadline is close',
      paragraphs: (f) => [
        `Thank you again for choosing to give to ${f.title}.`,
        `Your ${f.amount} is due by ${f.deadline}. Until then you can pay it at any of the convenience stores below.`,
      ],
      crossed: 'If you have already paid, thank you, and please disregard this reminder.',
    },
    'instructions-bank': {
      subject: (f) => `How to send your gift to ${f.title} by bank transfer`,
      heading: 'Where to send your transfer',
      paragraphs: (f) => [
        `Thank you for your gift to ${f.title}.`,
        `Please transfer ${f.remaining} to the account below. We will email your receipt as soon as the money arrives.`,
      ],
    },
    partial: {
      subject: (f) => `Part of your transfer for ${f.title} has arrived: ${f.remaining} still to come`,
      heading: 'Part of your transfer has arrived',
      paragraphs: (f) => [
        `Thank you for your transfer for ${f.title}. So far ${f.received} has reached us.`,
        `${f.remaining} of your ${f.amount} gift is still to come. Please send it to the same account:`,
      ],
    },
    'reminder-bank': {
      subject: (f) => `Reminder: ${f.remaining} of your gift to ${f.title} is still to come`,
      heading: 'The rest of your transfer',
      paragraphs: (f) => [
        `Thank you for the part of your gift to ${f.title} you have already sent.`,
        `The remaining ${f.remaining} of your ${f.amount} gift has not reached us yet. When you are able, please send it to the account below.`,
      ],
      crossed: 'If it is already on its way, thank you, and please disregard this reminder.',
    },
    expired: {
      subject: (f) => `Your convenience store payment for ${f.title} has expired: nothing was charged`,
      heading: 'Your payment deadline has passed',
      paragraphs: (f) => [
        `Thank you for choosing to give ${f.amount} to ${f.title}.`,
        `The payment deadline${f.deadline ? `, ${f.deadline},` : ''} has passed without a payment, so this pledge has been closed. Nothing was charged, and there is nothing you need to do.`,
        'Thank you for thinking of the people affected. If you would still like to give, you are very welcome to do so here:',
      ],
    },
  },
  konbini: {
    amount: 'Amount',
    payBy: 'Pay by',
    voucher: 'Open your payment voucher',
    stores: 'How to pay at each store',
    paymentCode: 'Payment code',
    confirmationNumber: 'Confirmation number',
    chains: {
      familymart: {
        name: 'FamilyMart',
        how: 'At the multi-copy machine in the store, choose 代金支払い (bill payment) and enter the payment code and confirmation number; take the slip it prints to the till within 30 minutes and pay in cash.',
      },
      lawson: { name: 'Lawson', how: LOPPI_EN },
      ministop: { name: 'Ministop', how: LOPPI_EN },
      seicomart: { name: 'Seicomart', how: 'At the till, say you would like to make an internet payment (インターネット支払い), give the payment code and pay in cash.' },
    },
    notes: [
      'Payment is in cash only. Please keep the slip the store gives you as proof of payment.',
      'If the voucher is not paid by the deadline, the pledge simply lapses: nothing is ever charged.',
    ],
  },
  bank: {
    amount: 'Amount to send',
    bank: (i) => ['Bank', `${i.bankName} (bank code ${i.bankCode})`],
    branch: (i) => ['Branch', `${i.branchName} (branch code ${i.branchCode})`],
    accountType: 'Account type',
    accountTypes: { futsu: 'Ordinary (futsu)', toza: 'Current (toza)' },
    accountNumber: 'Account number',
    holder: 'Account holder',
    notes: (organisation) => [
      'This account number is yours alone, so your transfer is matched to your gift.',
      'Please send exactly this amount. Any fee your bank charges for the transfer is yours to pay; if it is taken out of the amount, the difference will still be due.',
      'Please send the transfer from a bank in Japan. If only part of it arrives, we will email you what remains.',
      `If you send more than this by mistake, please write to us at ${organisation.email}.`,
    ],
  },
  giveAgain: 'Give again',
};

const WORDS: Record<Language, Words> = { en: ENGLISH, ja: JAPANESE };

/** An email about paying that does not say how to pay would leave the donor stuck. */
function requiredInstructions<T extends PaymentInstructions['type']>(doc: PledgeEmailDocument, type?: T): Extract<PaymentInstructions, { type: T }> {
  const instructions = doc.instructions;
  if (!instructions || (type && instructions.type !== type)) throw new Error(`a ${doc.kind} pledge email needs ${type ?? 'payment'} instructions`);
  return instructions as Extract<PaymentInstructions, { type: T }>;
}

function variantOf(doc: PledgeEmailDocument): Variant {
  if (doc.kind === 'expired') return 'expired';
  if (doc.kind === 'partial') {
    requiredInstructions(doc, 'bank_transfer');
    return 'partial';
  }
  return `${doc.kind}-${requiredInstructions(doc).type === 'konbini' ? 'konbini' : 'bank'}`;
}

function factsOf(doc: PledgeEmailDocument, words: Words): Facts {
  const money = (amount: number) => formatMoney(amount, doc.currency, doc.language);
  const deadline = doc.instructions?.type === 'konbini' ? words.deadline(new Date(doc.instructions.expiresAt)) : '';
  return {
    title: doc.campaignTitle,
    amount: money(doc.amount),
    remaining: money(doc.amountRemaining),
    received: money(doc.amount - doc.amountRemaining),
    deadline,
  };
}

const isWebLink = (url: string) => /^https?:\/\//i.test(url);

function konbiniBlocks(voucher: Konbini, words: Words, facts: Facts): Block[] {
  const w = words.konbini;
  const stores = voucher.stores.flatMap((store): Block[] => {
    const chain = w.chains[store.chain];
    const rows: [string, string][] = [[w.paymentCode, store.paymentCode]];
    if (store.confirmationNumber) rows.push([w.confirmationNumber, store.confirmationNumber]);
    return [{ heading: chain?.name ?? store.chain }, { rows }, ...(chain ? [{ paragraph: chain.how }] : [])];
  });
  return [
    {
      rows: [
        [w.amount, facts.amount],
        [w.payBy, facts.deadline],
      ],
    },
    ...(isWebLink(voucher.voucherUrl) ? [{ link: w.voucher, url: voucher.voucherUrl }] : []),
    { heading: w.stores },
    ...stores,
    ...w.notes.map((paragraph) => ({ paragraph })),
  ];
}

function bankBlocks(account: BankTransfer, words: Words, facts: Facts, organisation: Organisation): Block[] {
  const w = words.bank;
  const rows: [string, string][] = [
    [w.amount, facts.remaining],
    w.bank(account),
    w.branch(account),
    [w.accountType, w.accountTypes[account.accountType] ?? account.accountType],
    [w.accountNumber, account.accountNumber],
    [w.holder, account.accountHolderName],
  ];
  return [{ rows }, ...w.notes(organisation).map((paragraph) => ({ paragraph }))];
}

function detailBlocks(doc: PledgeEmailDocument, words: Words, facts: Facts): Block[] {
  if (doc.kind === 'expired') return [{ link: words.giveAgain, url: doc.giveAgainUrl }];
  const instructions = requiredInstructions(doc);
  if (instructions.type === 'konbini') return konbiniBlocks(instructions, words, facts);
  return bankBlocks(instructions, words, facts, doc.organisation);
}

function blockHtml(block: Block): string {
  if ('paragraph' in block) return `<p>${escapeHtml(block.paragraph)}</p>`;
  if ('heading' in block) return `<h2 style="font-size:17px;margin:24px 0 4px;">${escapeHtml(block.heading)}</h2>`;
  if ('rows' in block) return detailsTable(block.rows);
  return `<p><a href="${escapeHtml(block.url)}" style="color:#0b5cad;font-weight:bold;">${escapeHtml(block.link)}</a></p>`;
}

/** Plain-text headings as each language's emails mark them. */
const TEXT_HEADING: Record<Language, (heading: string) => string> = {
  ja: (heading) => `■ ${heading}`,
  en: (heading) => `${heading}\n${'-'.repeat(heading.length)}`,
};

function blockText(block: Block, language: Language): string {
  if ('paragraph' in block) return block.paragraph;
  if ('heading' in block) return TEXT_HEADING[language](block.heading);
  if ('rows' in block) return detailsText(block.rows);
  return `${block.link}: ${block.url}`;
}

/** A pledge email in the donor's language: HTML and text, with the organisation's footer. */
export function renderPledgeEmail(doc: PledgeEmailDocument): RenderedEmail {
  const words = WORDS[doc.language];
  const opening = words.openings[variantOf(doc)];
  const facts = factsOf(doc, words);
  const greeting = words.greeting(doc.donorName);
  const blocks: Block[] = [
    ...opening.paragraphs(facts).map((paragraph) => ({ paragraph })),
    ...detailBlocks(doc, words, facts),
    ...(opening.crossed ? [{ paragraph: opening.crossed }] : []),
  ];
  const content = [`<h1 style="font-size:22px;margin:0 0 16px;">${escapeHtml(opening.heading)}</h1>`, `<p>${escapeHtml(greeting)}</p>`, ...blocks.map(blockHtml)].join('\n');
  const html = emailPage(doc.language, opening.heading, content, organisationFooterHtml(doc.organisation, doc.language));
  const text = [greeting, ...blocks.map((block) => blockText(block, doc.language)), `--\n${organisationFooterText(doc.organisation, doc.language)}`].join('\n\n');
  return { subject: oneLine(opening.subject(facts)), html, text: `${text}\n` };
}
