import { formatJapanDeadline } from '../../src/common/money-format.js';
import type { PaymentInstructions } from '../../src/donations/donation.entity.js';
import { type PledgeEmailDocument, renderPledgeEmail } from '../../src/notifications/templates/pledge-email.js';

const organisation = { name: 'Kizuna Relief', address: '1-2-3 Marunouchi\nChiyoda-ku, Tokyo 100-0005', email: 'relief@kizuna.example' };

const voucher: PaymentInstructions = {
  type: 'konbini',
  voucherUrl: 'https://payments.stripe.com/konbini/voucher/test_abc',
  // 23:59:59 on Friday 4 December 2026 in Japan
  expiresAt: '2026-12-04T14:59:59.000Z',
  stores: [
    { chain: 'familymart', paymentCode: '123456', confirmationNumber: '11111111110' },
    { chain: 'lawson', paymentCode: '234567', confirmationNumber: '11111111110' },
    { chain: 'ministop', paymentCode: '345678', confirmationNumber: '11111111110' },
    { chain: 'seicomart', paymentCode: '98765432101', confirmationNumber: null },
  ],
};

const account: PaymentInstructions = {
  type: 'bank_transfer',
  bankName: 'テスト銀行',
  bankCode: '0999',
  branchName: 'ミナト支店',
  branchCode: '123',
  accountType: 'futsu',
  accountNumber: '7654321',
  accountHolderName: 'キズナ（ストライプ',
};

function pledge(overrides: Partial<PledgeEmailDocument> = {}): PledgeEmailDocument {
  return {
    kind: 'instructions',
    language: 'ja',
    donorName: '山田 花子',
    campaignTitle: '能登半島地震 緊急支援',
    amount: 3000,
    amountRemaining: 3000,
    currency: 'jpy',
    instructions: voucher,
    giveAgainUrl: 'https://kizuna.example/campaigns/noto-2026/give?lang=ja',
    organisation,
    ...overrides,
  };
}

describe('Japan time', () => {
  it('shows a deadline as Japan reads it, whatever the zone of the server', () => {
    const deadline = new Date('2026-12-04T14:59:59Z');
    expect(formatJapanDeadline(deadline, 'ja')).toBe('2026年12月4日(金) 23:59');
    expect(formatJapanDeadline(deadline, 'en')).toBe('Friday 4 December 2026, 23:59 Japan time');
    // Past midnight in Japan is already the next day there.
    expect(formatJapanDeadline(new Date('2026-12-04T15:30:00Z'), 'en')).toBe('Saturday 5 December 2026, 00:30 Japan time');
  });
});

describe('konbini pledge emails', () => {
  it('tell a Japanese donor the amount, the deadline in Japan time, the voucher and what to do at each chain', () => {
    const email = renderPledgeEmail(pledge());
    expect(email.subject).toBe('【お支払いのご案内】「能登半島地震 緊急支援」へのご寄付（コンビニ払い）');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('山田 花子 様');
      expect(part).toMatch(/[¥￥]3,000をお支払いください/);
      expect(part).toContain('2026年12月4日(金) 23:59（日本時間）');
      expect(part).toContain('https://payments.stripe.com/konbini/voucher/test_abc');
      for (const chain of ['ファミリーマート', 'ローソン', 'ミニストップ', 'セイコーマート']) expect(part).toContain(chain);
      expect(part).toContain('マルチコピー機');
      expect(part).toContain('Loppi');
      expect(part).toContain('インターネット支払い');
      expect(part).toContain('料金が発生することはありません');
      expect(part).toContain('Kizuna Relief');
    }
    expect(email.text).toContain('お支払い番号: 123456\n確認番号: 11111111110');
    // Seicomart asks for the payment code only.
    expect(email.text).toContain('■ セイコーマート\n\nお支払い番号: 98765432101\n\nレジで');
    expect(email.text).toContain('払込票を表示する: https://payments.stripe.com/konbini/voucher/test_abc');
    expect(email.html).toContain('<html lang="ja">');
    expect(email.html).toContain('<a href="https://payments.stripe.com/konbini/voucher/test_abc"');
  });

  it('tell an English donor the same in English', () => {
    const email = renderPledgeEmail(pledge({ language: 'en', donorName: 'Aiko Tanaka', campaignTitle: 'Noto earthquake relief' }));
    expect(email.subject).toBe('How to pay your gift to Noto earthquake relief at a convenience store');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Dear Aiko Tanaka,');
      expect(part).toContain('Please pay ¥3,000 in cash');
      expect(part).toContain('Friday 4 December 2026, 23:59 Japan time');
      for (const chain of ['FamilyMart', 'Lawson', 'Ministop', 'Seicomart']) expect(part).toContain(chain);
      expect(part).toContain('nothing is ever charged');
    }
    expect(email.text).toContain('Payment code: 123456\nConfirmation number: 11111111110');
    expect(email.html).toContain('<html lang="en">');
  });

  it('remind with the deadline and the same voucher, and allow for a payment already made', () => {
    const ja = renderPledgeEmail(pledge({ kind: 'reminder' }));
    expect(ja.subject).toBe('【お支払い期限が近づいています】「能登半島地震 緊急支援」へのご寄付（コンビニ払い）');
    expect(ja.text).toMatch(/[¥￥]3,000のお支払い期限は2026年12月4日\(金\) 23:59（日本時間）です/);
    expect(ja.text).toContain('お支払い番号: 123456');
    expect(ja.text).toContain('行き違い');
    const en = renderPledgeEmail(pledge({ kind: 'reminder', language: 'en', campaignTitle: 'Noto relief' }));
    expect(en.subject).toBe('Reminder: your gift to Noto relief is due by Friday 4 December 2026, 23:59 Japan time');
    expect(en.text).toContain('Payment code: 234567');
  });

  it('say kindly that an expired voucher charged nothing, with a link to give again', () => {
    const ja = renderPledgeEmail(pledge({ kind: 'expired' }));
    expect(ja.subject).toBe('【お支払い期限を過ぎました】「能登半島地震 緊急支援」へのご寄付のお申し込みについて');
    expect(ja.text).toContain('お支払い期限の2026年12月4日(金) 23:59（日本時間）までにお支払いを確認できなかったため');
    expect(ja.text).toContain('料金は一切発生しておりません');
    expect(ja.text).toContain('あらためて寄付する: https://kizuna.example/campaigns/noto-2026/give?lang=ja');
    expect(ja.text).not.toContain('お支払い番号');
    const en = renderPledgeEmail(pledge({ kind: 'expired', language: 'en', campaignTitle: 'Noto relief', giveAgainUrl: 'https://kizuna.example/campaigns/noto/give?lang=en' }));
    expect(en.text).toContain('Nothing was charged');
    expect(en.html).toContain('<a href="https://kizuna.example/campaigns/noto/give?lang=en"');
  });

  it('still say so when the voucher expired before Stripe showed it', () => {
    const email = renderPledgeEmail(pledge({ kind: 'expired', language: 'en', instructions: null }));
    expect(email.text).toContain('The payment deadline has passed without a payment');
  });
});

describe('bank-transfer pledge emails', () => {
  it('give the account to send to, the exact amount and what the donor must know', () => {
    const email = renderPledgeEmail(pledge({ instructions: account, amount: 50_000, amountRemaining: 50_000 }));
    expect(email.subject).toBe('【お振込みのご案内】「能登半島地震 緊急支援」へのご寄付（銀行振込）');
    expect(email.text).toMatch(
      /振込金額: [¥￥]50,000\n金融機関: テスト銀行（金融機関コード 0999）\n支店: ミナト支店（支店コード 123）\n口座種別: 普通\n口座番号: 7654321\n口座名義: キズナ（ストライプ/,
    );
    expect(email.text).toContain('振込手数料はご負担ください');
    expect(email.text).toContain('日本国内の金融機関から');
    expect(email.text).toContain('relief@kizuna.example');
    const en = renderPledgeEmail(pledge({ language: 'en', instructions: { ...account, accountType: 'toza' }, amount: 50_000, amountRemaining: 50_000 }));
    expect(en.text).toContain('Amount to send: ¥50,000');
    expect(en.text).toContain('Account type: Current (toza)');
    expect(en.text).toContain('Please send exactly this amount');
  });

  it('after part of a transfer, say what arrived and what remains, with the account again', () => {
    const email = renderPledgeEmail(pledge({ kind: 'partial', instructions: account, amount: 50_000, amountRemaining: 30_000 }));
    expect(email.subject).toMatch(/^【一部のお振込みを確認しました】「能登半島地震 緊急支援」へのご寄付（残り[¥￥]30,000）$/);
    expect(email.text).toMatch(/これまでに[¥￥]20,000の入金を確認いたしました/);
    expect(email.text).toMatch(/振込金額: [¥￥]30,000/);
    expect(email.text).toContain('口座番号: 7654321');
    const en = renderPledgeEmail(pledge({ kind: 'partial', language: 'en', instructions: account, amount: 50_000, amountRemaining: 30_000 }));
    expect(en.text).toContain('So far ¥20,000 has reached us.');
    expect(en.text).toContain('¥30,000 of your ¥50,000 gift is still to come.');
  });

  it('remind of what remains of a transfer', () => {
    const email = renderPledgeEmail(pledge({ kind: 'reminder', language: 'en', instructions: account, amount: 50_000, amountRemaining: 30_000 }));
    expect(email.subject).toBe('Reminder: ¥30,000 of your gift to 能登半島地震 緊急支援 is still to come');
    expect(email.text).toContain('Amount to send: ¥30,000');
  });

  it('refuse a partial email without the account it must repeat', () => {
    expect(() => renderPledgeEmail(pledge({ kind: 'partial' }))).toThrow('a partial pledge email needs bank_transfer instructions');
  });
});

describe('pledge emails and what they are given', () => {
  it('escape whatever a coordinator or a bank put in a name', () => {
    const email = renderPledgeEmail(
      pledge({ campaignTitle: '<script>alert(1)</script>', donorName: 'A & B', instructions: { ...account, accountHolderName: '"><img src=x>' }, amountRemaining: 3000 }),
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).toContain('A &amp; B 様');
  });

  it('leave out a voucher link that is not a web address', () => {
    const email = renderPledgeEmail(pledge({ instructions: { ...voucher, type: 'konbini', voucherUrl: 'javascript:alert(1)' } }));
    expect(email.html).not.toContain('javascript:');
    expect(email.text).toContain('お支払い番号: 123456');
  });
});
