import { formatMoney } from '../../common/money-format.js';
import type { Language, PaymentInstructions } from '../../donations/donation.entity.js';
import type { PledgeEmailKind } from '../../queue/queue.registry.js';

export interface PledgeEmailFacts {
  kind: PledgeEmailKind;
  language: Language;
  amount: number;
  currency: string;
  donorName: string | null;
  campaignTitle: string;
  campaignUrl: string;
  instructions: PaymentInstructions | null;
  amountRemaining: number | null;
  expiresAt: Date | null;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function japanTime(at: Date | null, language: Language): string {
  if (!at) return '';
  return new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' }).format(at);
}

function howToPay(facts: PledgeEmailFacts): string[] {
  const ja = facts.language === 'ja';
  const i = facts.instructions;
  if (i?.type === 'konbini') {
    return ja
      ? [`お支払い期限: ${japanTime(facts.expiresAt, 'ja')}（日本時間）`, `払込票: ${i.voucherUrl}`, 'コンビニのレジまたは端末で、払込票の番号をお伝えください。']
      : [`Pay by: ${japanTime(facts.expiresAt, 'en')} (Japan time)`, `Voucher: ${i.voucherUrl}`, 'At the store, give the numbers on the voucher at the till or the kiosk.'];
  }
  if (i?.type === 'bank_transfer') {
    const remaining = formatMoney(facts.amountRemaining ?? facts.amount, facts.currency, facts.language);
    return ja
      ? [
          `振込金額: ${remaining}`,
          `銀行: ${i.bankName}（${i.bankCode}）`,
          `支店: ${i.branchName}（${i.branchCode}）`,
          `口座種別: ${i.accountType === 'futsu' ? '普通' : '当座'}`,
          `口座番号: ${i.accountNumber}`,
          `口座名義: ${i.accountHolderName}`,
        ]
      : [
          `Amount to send: ${remaining}`,
          `Bank: ${i.bankName} (${i.bankCode})`,
          `Branch: ${i.branchName} (${i.branchCode})`,
          `Account type: ${i.accountType === 'futsu' ? 'ordinary (futsu)' : 'current (toza)'}`,
          `Account number: ${i.accountNumber}`,
          `Account holder: ${i.accountHolderName}`,
        ];
  }
  return [];
}

/** The subject and body of an email about a pledge, in the donor's language. */
export function pledgeEmail(facts: PledgeEmailFacts): { subject: string; text: string; html: string } {
  const ja = facts.language === 'ja';
  const amount = formatMoney(facts.amount, facts.currency, facts.language);
  const title = facts.campaignTitle;
  const lines: Record<PledgeEmailKind, { subject: string; body: string[] }> = ja
    ? {
        instructions: {
          subject: `${title}: ご寄付のお支払い方法`,
          body: [`${title} への ${amount} のご寄付をお申し込みいただき、ありがとうございます。以下の方法でお支払いください。`, ...howToPay(facts)],
        },
        reminder: { subject: `${title}: お支払い期限は明日までです`, body: [`${amount} のご寄付のお支払い期限が近づいています。`, ...howToPay(facts)] },
        partial: { subject: `${title}: お振込みの一部を受け取りました`, body: [`お振込みの一部を受け取りました。残りの金額をお振込みください。`, ...howToPay(facts)] },
        expired: {
          subject: `${title}: お支払い期限が過ぎました`,
          body: [
            `${amount} のご寄付のお支払い期限が過ぎたため、お申し込みは取り消されました。ご心配いただいたお気持ちに感謝いたします。`,
            `改めてご寄付いただける場合は、こちらからどうぞ: ${facts.campaignUrl}`,
          ],
        },
      }
    : {
        instructions: { subject: `${title}: how to pay your gift`, body: [`Thank you for pledging ${amount} to ${title}. Please pay as follows.`, ...howToPay(facts)] },
        reminder: { subject: `${title}: your voucher is due tomorrow`, body: [`The payment deadline of your ${amount} gift is near.`, ...howToPay(facts)] },
        partial: { subject: `${title}: part of your transfer arrived`, body: [`Part of your transfer arrived. Please send the rest.`, ...howToPay(facts)] },
        expired: {
          subject: `${title}: your voucher has expired`,
          body: [
            `The voucher for your ${amount} gift passed its deadline, so nothing was charged. Thank you for thinking of us.`,
            `If you would still like to give, you can do so here: ${facts.campaignUrl}`,
          ],
        },
      };
  const { subject, body } = lines[facts.kind];
  return { subject, text: body.join('\n'), html: `<!doctype html><html lang="${facts.language}"><body>${body.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</body></html>` };
}
