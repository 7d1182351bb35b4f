import { renderAnnualReceiptEmail } from '../../src/notifications/templates/annual-receipt-email.js';
import type { AnnualReceiptDocument } from '../../src/notifications/templates/receipt-document.js';
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

describe('receipt email for the new documents', () => {
  it('says a certified NPO’s attached PDF is the 寄附金受領証明書 for the tax return', () => {
    expect(renderReceiptEmail(receipt({ language: 'ja' })).text).toContain('添付のPDFは確定申告用の寄附金受領証明書です。');
    expect(renderReceiptEmail(receipt()).text).toContain('The attached PDF is your donation receipt (寄附金受領証明書) for your Japanese tax return (確定申告)');
  });

  it('keeps the plain wording for an organisation without a tax status', () => {
    const plain = { ...organisation, taxStatus: 'none' as const, certificationNumber: null, certificationDate: null };
    const email = renderReceiptEmail(receipt({ organisation: plain }));
    expect(email.text).toContain('Please keep this email: it is the receipt for your donation.');
    expect(email.text).not.toContain('寄附金受領証明書');
  });

  it('calls a 義援金 a custody receipt (預り証), passed on to the local government, with no registration in the footer', () => {
    const gienkin = { fundKind: 'gienkin', fundRecipient: '石川県', campaignTitle: '能登半島地震 災害義援金' } as const;
    const ja = renderReceiptEmail(receipt({ ...gienkin, language: 'ja' }));
    expect(ja.subject).toBe('【預り証 KZ-2026-000123】「能登半島地震 災害義援金」への義援金をお預かりしました');
    expect(ja.text).toContain('お預かりした義援金は、全額を石川県に拠出いたします。');
    expect(ja.text).toContain('添付のPDFは義援金の預り証です。');
    expect(ja.text).toMatch(/お預かりした義援金: [¥￥]5,000/);
    expect(ja.text).not.toContain('寄附金受領証明書');
    expect(ja.text).not.toContain('NPO-2026-042');

    const en = renderReceiptEmail(receipt(gienkin));
    expect(en.subject).toBe('Custody receipt KZ-2026-000123: your disaster relief donation to 能登半島地震 災害義援金');
    expect(en.text).toContain('We hold it in custody and pass it on in full to 石川県.');
    expect(en.text).toContain('custody receipt (預り証)');
    expect(en.text).not.toContain('Registration no.');
  });

  it('dates the gift in the organisation’s time zone, as the PDF does', () => {
    const email = renderReceiptEmail(receipt({ donatedAt: new Date('2026-11-30T16:30:00Z') }));
    expect(email.text).toContain('Date of gift: 1 December 2026');
  });
});

describe('annual receipt email', () => {
  const gifts = [
    {
      receiptNumber: 'KZ-2026-000010',
      donatedAt: new Date('2026-01-15T03:00:00Z'),
      campaignTitle: '能登半島地震 緊急支援',
      fundKind: 'shienkin',
      fundRecipient: null,
      amount: 3000,
    },
    {
      receiptNumber: 'KZ-2026-000042',
      donatedAt: new Date('2026-03-11T05:00:00Z'),
      campaignTitle: '能登半島地震 緊急支援',
      fundKind: 'shienkin',
      fundRecipient: null,
      amount: 3000,
    },
    {
      receiptNumber: 'KZ-2026-000077',
      donatedAt: new Date('2026-09-01T01:00:00Z'),
      campaignTitle: '能登半島地震 災害義援金',
      fundKind: 'gienkin',
      fundRecipient: '石川県',
      amount: 10_000,
    },
  ] as const;
  const annual = (overrides: Partial<AnnualReceiptDocument> = {}): AnnualReceiptDocument => ({
    organisation,
    recipient: { name: '山田花子', postalCode: '100-0005', address: '東京都千代田区丸の内1-2-3', country: 'JP' },
    language: 'ja',
    donorName: '山田花子',
    donorEmail: 'hanako@example.jp',
    receiptNumber: 'KZA-2026-000001',
    replacesNumber: null,
    year: 2026,
    currency: 'jpy',
    total: 16_000,
    gifts: [...gifts],
    issuedAt: new Date('2027-01-10T00:00:00Z'),
    ...overrides,
  });

  it('sends the year’s receipt in Japanese, naming the attached PDF and the 義援金 held apart', () => {
    const email = renderAnnualReceiptEmail(annual());
    expect(email.subject).toBe('【2026年分 寄附金受領証明書 KZA-2026-000001】1年間のご支援ありがとうございました');
    expect(email.text).toMatch(/^山田花子 様/);
    expect(email.text).toContain('2026年分の寄附金受領証明書をPDFで添付しています。');
    expect(email.text).toContain('添付のPDFは確定申告用の寄附金受領証明書です。');
    expect(email.text).toMatch(/このうち[¥￥]10,000は、地方公共団体へ全額拠出するためにお預かりした義援金です。/);
    expect(email.text).toMatch(/寄付金額の合計: [¥￥]6,000/);
    expect(email.text).toContain('ご寄付の件数: 3件');
    expect(email.html).toContain('<html lang="ja">');
  });

  it('sends it in English, and marks one issued again with the number it replaces', () => {
    const email = renderAnnualReceiptEmail(annual({ language: 'en', donorName: 'John Miller', recipient: null, replacesNumber: 'KZA-2026-000000' }));
    expect(email.subject).toBe('Annual receipt 2026 (KZA-2026-000001), issued again: thank you for your support');
    expect(email.text).toMatch(/^Dear John Miller,/);
    expect(email.text).toContain('Attached as a PDF is your annual receipt');
    expect(email.text).toContain('Total given: ¥6,000');
    expect(email.text).toContain('Disaster relief donations held in custody: ¥10,000');
    expect(email.text).toContain('replaces KZA-2026-000000');
  });
});
