import type { OrganisationProfile } from '../../src/organisation/organisation.service.js';
import { renderReceiptEmail } from '../../src/notifications/templates/receipt-email.js';
import type { ReceiptDocument } from '../../src/notifications/templates/receipt-email.js';

const organisation: OrganisationProfile = {
  version: 1,
  legalName: 'Kizuna Relief',
  address: '1-2-3 Marunouchi\nChiyoda-ku, Tokyo 100-0005',
  representative: 'Hanako Sato',
  taxStatus: 'certified_npo',
  certificationNumber: 'NPO-2026-042',
  certificationDate: '2020-04-01',
  timezone: 'Asia/Tokyo',
  savedAt: new Date('2026-01-05T00:00:00Z'),
  email: 'receipts@kizuna.example',
};

function receipt(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return {
    kind: 'receipt',
    receiptNumber: 'KZ-2026-000123',
    language: 'en',
    donorName: 'Aiko Tanaka',
    donorEmail: 'aiko@example.org',
    amount: 5000,
    currency: 'jpy',
    campaignTitle: 'Noto earthquake relief',
    fundKind: 'shienkin',
    fundRecipient: null,
    recipient: null,
    donatedAt: new Date('2026-11-28T09:15:00Z'),
    issuedAt: new Date('2026-11-29T00:00:00Z'),
    organisation,
    ...overrides,
  };
}

const correction = { kind: 'correction', receiptNumber: 'KZ-2026-000200', originalReceiptNumber: 'KZ-2026-000123', amount: 3000, refundedAmount: 2000 } as const;
const cancellation = { kind: 'cancellation', receiptNumber: 'KZ-2026-000201', originalReceiptNumber: 'KZ-2026-000123', amount: 0, refundedAmount: 5000 } as const;

describe('receipt email', () => {
  it('thanks the donor in English with the amount, campaign, date, number and organisation', () => {
    const email = renderReceiptEmail(receipt());
    expect(email.subject).toBe('Receipt KZ-2026-000123: thank you for your gift to Noto earthquake relief');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Dear Aiko Tanaka,');
      expect(part).toContain('Thank you for your gift of ¥5,000 to Noto earthquake relief');
      expect(part).toContain('KZ-2026-000123');
      expect(part).toContain('28 November 2026');
      expect(part).toContain('29 November 2026');
      expect(part).toContain('Kizuna Relief');
      expect(part).toContain('Chiyoda-ku, Tokyo 100-0005');
      expect(part).toContain('receipts@kizuna.example');
      expect(part).toContain('Registration no. NPO-2026-042');
    }
    expect(email.text).toContain('Receipt number: KZ-2026-000123');
    expect(email.text).toContain('Amount received: ¥5,000');
    expect(email.html).toMatch(/^<!DOCTYPE html>/);
    expect(email.html).toContain('<html lang="en">');
    expect(email.html).not.toMatch(/<link|<img|src=|url\(/);
  });

  it('thanks the donor in Japanese', () => {
    const email = renderReceiptEmail(receipt({ language: 'ja', donorName: '田中 愛子', campaignTitle: '能登半島地震 緊急支援' }));
    expect(email.subject).toBe('【領収書 KZ-2026-000123】「能登半島地震 緊急支援」へのご寄付ありがとうございます');
    expect(email.text).toContain('田中 愛子 様');
    expect(email.text).toMatch(/「能登半島地震 緊急支援」へ[¥￥]5,000のご寄付をいただき/);
    expect(email.text).toContain('領収書番号: KZ-2026-000123');
    expect(email.text).toContain('寄付日: 2026年11月28日');
    expect(email.text).toContain('登録番号 NPO-2026-042');
    expect(email.html).toContain('<html lang="ja">');
  });

  it('greets an anonymous donor without a name', () => {
    expect(renderReceiptEmail(receipt({ donorName: null })).text).toMatch(/^Dear donor,/);
    expect(renderReceiptEmail(receipt({ donorName: null, language: 'ja' })).text).toMatch(/^ご寄付者様/);
  });

  it('shows cents for two-decimal currencies', () => {
    const email = renderReceiptEmail(receipt({ amount: 2500, currency: 'usd' }));
    expect(email.text).toContain('Thank you for your gift of $25.00');
  });

  it('says what was refunded and what remains in a correction', () => {
    const en = renderReceiptEmail(receipt(correction));
    expect(en.subject).toBe('Corrected receipt KZ-2026-000200 (replaces KZ-2026-000123)');
    expect(en.text).toContain('Part of your gift to Noto earthquake relief was refunded to you: ¥2,000.');
    expect(en.text).toContain('The amount that remains given is ¥3,000.');
    expect(en.text).toContain('Replaces receipt: KZ-2026-000123');
    expect(en.text).toContain('Amount given: ¥3,000');
    expect(en.html).toContain('Amount refunded');

    const ja = renderReceiptEmail(receipt({ ...correction, language: 'ja' }));
    expect(ja.subject).toBe('【訂正領収書 KZ-2026-000200】領収書 KZ-2026-000123 の訂正');
    expect(ja.text).toMatch(/ご寄付のうち、[¥￥]2,000を返金いたしました/);
    expect(ja.text).toMatch(/返金後のご寄付額は[¥￥]3,000です/);
    expect(ja.text).toContain('訂正対象の領収書: KZ-2026-000123');
  });

  it('voids the earlier receipt in a cancellation', () => {
    const en = renderReceiptEmail(receipt(cancellation));
    expect(en.subject).toBe('Receipt KZ-2026-000123 cancelled: your gift was refunded');
    expect(en.text).toContain('Your gift of ¥5,000 to Noto earthquake relief was refunded to you in full.');
    expect(en.text).toContain('Receipt KZ-2026-000123 is therefore void');
    expect(en.text).toContain('Cancellation number: KZ-2026-000201');
    expect(en.text).not.toContain('Amount received');

    const ja = renderReceiptEmail(receipt({ ...cancellation, language: 'ja' }));
    expect(ja.subject).toBe('【領収書 KZ-2026-000123 取消】ご寄付を全額返金しました');
    expect(ja.text).toMatch(/ご寄付[¥￥]5,000は全額返金されました/);
    expect(ja.text).toContain('領収書 KZ-2026-000123 は無効となり');
  });

  it('refuses a correction or cancellation that does not say what it corrects', () => {
    expect(() => renderReceiptEmail(receipt({ ...correction, originalReceiptNumber: undefined }))).toThrow(/needs originalReceiptNumber/);
    expect(() => renderReceiptEmail(receipt({ ...cancellation, refundedAmount: undefined }))).toThrow(/needs refundedAmount/);
  });

  it('escapes the donor name and campaign title in the HTML', () => {
    const email = renderReceiptEmail(
      receipt({ donorName: '<script>alert("x")</script>', campaignTitle: 'Floods & <b>"storms"</b>', organisation: { ...organisation, legalName: "O'Neil <Relief>" } }),
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(email.html).toContain('Floods &amp; &lt;b&gt;&quot;storms&quot;&lt;/b&gt;');
    expect(email.html).toContain('O&#39;Neil &lt;Relief&gt;');
    // The text part is not HTML: it keeps the characters as typed.
    expect(email.text).toContain('Dear <script>alert("x")</script>,');
  });

  it('keeps the subject on one line', () => {
    const email = renderReceiptEmail(receipt({ campaignTitle: 'Noto\r\nBcc: victim@example.org' }));
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain('Noto Bcc: victim@example.org');
  });
});
