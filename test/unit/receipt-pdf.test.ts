import { existsSync, statSync } from 'node:fs';
import { renderAnnualReceiptPdf, renderReceiptPdf } from '../../src/notifications/receipt-pdf.js';
import type { AnnualGiftLine, AnnualReceiptDocument } from '../../src/notifications/templates/receipt-document.js';
import type { ReceiptDocument } from '../../src/notifications/templates/receipt-email.js';
import type { OrganisationProfile } from '../../src/organisation/organisation.service.js';
import { inkedShare, pdfFonts, pdfInfo, pdfText, savePageImage, squeezed } from '../support/pdf.js';

const CERTIFIED_NPO: OrganisationProfile = {
  version: 4,
  legalName: '特定非営利活動法人 きずな災害支援ネットワーク',
  address: '〒980-0811\n宮城県仙台市青葉区一番町4-5-6 きずなビル3階',
  representative: '代表理事 佐藤一郎',
  taxStatus: 'certified_npo',
  certificationNumber: '宮城県指令生第123号',
  certificationDate: '2021-04-01',
  timezone: 'Asia/Tokyo',
  email: 'receipts@kizuna.example',
  savedAt: new Date('2026-01-05T00:00:00Z'),
};

const HANAKO = { name: '山田花子', postalCode: '100-0005', address: '東京都千代田区丸の内1-2-3 丸の内マンション501', country: 'JP' };
const NOTO = '能登半島地震 2024 緊急支援';

function receipt(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return {
    kind: 'receipt',
    receiptNumber: 'KZ-2026-000123',
    language: 'ja',
    donorName: '山田花子',
    donorEmail: 'hanako@example.jp',
    amount: 3000,
    currency: 'jpy',
    campaignTitle: NOTO,
    fundKind: 'shienkin',
    fundRecipient: null,
    recipient: HANAKO,
    // 16:30 UTC on 30 November: already 1 December in Tokyo, where the organisation dates its receipts.
    donatedAt: new Date('2026-11-30T16:30:00Z'),
    issuedAt: new Date('2026-12-02T00:30:00Z'),
    organisation: CERTIFIED_NPO,
    ...overrides,
  };
}

const ENGLISH_ORGANISATION: OrganisationProfile = {
  ...CERTIFIED_NPO,
  legalName: 'Kizuna Disaster Relief Network',
  address: '4-5-6 Ichibancho, Aoba-ku\nSendai, Miyagi 980-0811',
  representative: 'Ichiro Sato, Chair',
};

const usd = (amount: number) =>
  receipt({
    language: 'en',
    currency: 'usd',
    amount,
    donorName: 'John Miller',
    recipient: null,
    campaignTitle: 'Noto Earthquake 2024 Emergency Relief',
    organisation: ENGLISH_ORGANISATION,
  });

const text = async (doc: ReceiptDocument) => squeezed(pdfText(await renderReceiptPdf(doc), 'layout'));

describe('the receipt PDF, read back as a donor and a tax office read it', () => {
  it('prints a Japanese certified-NPO receipt with everything the tax return needs, in a small file with a subset font', async () => {
    const pdf = await renderReceiptPdf(receipt());
    const page = squeezed(pdfText(pdf));
    for (const expected of [
      '寄附金受領証明書',
      '山田花子 様',
      '〒100-0005',
      '東京都千代田区丸の内1-2-3 丸の内マンション501',
      '¥3,000',
      `「${NOTO}」の被災者支援活動`,
      '受領日 2026年12月1日',
      '発行日 2026年12月2日',
      'KZ-2026-000123',
      '特定非営利活動法人 きずな災害支援ネットワーク',
      '〒980-0811',
      '宮城県仙台市青葉区一番町4-5-6 きずなビル3階',
      '代表者 代表理事 佐藤一郎',
      '認定番号 宮城県指令生第123号',
      '認定年月日 2021年4月1日',
      '認定NPO法人',
      '確定申告書に添付してください',
    ]) {
      expect(page).toContain(expected);
    }
    expect(page).not.toContain('No goods or services');
    // The donor's own name is not repeated when the receipt is made out to it.
    expect(page).not.toContain('寄附者 山田花子');
    // Made out to Hanako with her address: no request for one.
    expect(page).not.toContain('ご住所をお知らせください');

    const fonts = pdfFonts(pdf);
    expect(fonts).toEqual([{ name: expect.stringMatching(/^[A-Z]{6}\+IPAGothic$/), embedded: true, subset: true }]);
    expect(pdf.length).toBeLessThan(100_000);

    const info = pdfInfo(pdf);
    expect(info).toMatchObject({ Title: 'KZ-2026-000123 寄附金受領証明書', Author: CERTIFIED_NPO.legalName, Pages: '1' });
    expect(pdf.toString('latin1')).toContain('/Lang (ja-JP)');
  });

  it('prints an English receipt for $300 with the US statement, and none for $249.99', async () => {
    const pdf = await renderReceiptPdf(usd(30_000));
    const page = squeezed(pdfText(pdf));
    for (const expected of ['Donation receipt', 'John Miller', '$300.00', 'Date received 1 December 2026', 'Relief work of "Noto Earthquake 2024 Emergency Relief"']) {
      expect(page).toContain(expected);
    }
    expect(page).toContain('Kizuna Disaster Relief Network');
    expect(page).toContain('Certification no. (認定番号): 宮城県指令生第123号');
    expect(page).toContain('No goods or services were provided in exchange for this contribution.');
    expect(pdf.toString('latin1')).toContain('/Lang (en)');

    const below = await text(usd(24_999));
    expect(below).toContain('$249.99');
    expect(below).not.toContain('No goods or services');
  });

  it('gives a Japanese donor of $250 the US statement in Japanese and in English', async () => {
    const page = await text(receipt({ currency: 'usd', amount: 25_000 }));
    expect(page).toContain('$250.00');
    expect(page).toContain('物品またはサービスの提供は一切ありません');
    expect(page).toContain('No goods or services were provided in exchange for this contribution.');
  });

  it('is made out to the name given for the tax receipt, naming the donor too when that is another name', async () => {
    const page = await text(receipt({ donorName: 'Hana', recipient: { ...HANAKO, name: '山田花子' } }));
    expect(page).toContain('山田花子 様');
    expect(page).toContain('寄附者 Hana');
  });

  it('asks, discreetly, for a name and address when a deductible receipt is made out to nobody', async () => {
    const page = await text(usd(5000));
    expect(page).toContain("A receipt for the tax office must show the donor's name and address");
    expect(page).toContain('reply to the email');
    expect(await text(receipt({ recipient: null }))).toContain('お名前・郵便番号・ご住所をお知らせください');

    const plain = await text(receipt({ recipient: null, organisation: { ...CERTIFIED_NPO, taxStatus: 'none', certificationNumber: null, certificationDate: null } }));
    expect(plain).toContain('領収書');
    expect(plain).not.toContain('寄附金受領証明書');
    expect(plain).not.toContain('確定申告');
    expect(plain).not.toContain('認定');
    expect(plain).not.toContain('ご住所をお知らせください');
  });

  it('prints a custody receipt (預り証) for a 義援金, naming the local government and claiming no NPO certification', async () => {
    const gienkin = receipt({ fundKind: 'gienkin', fundRecipient: '石川県', campaignTitle: '能登半島地震 災害義援金' });
    const pdf = await renderReceiptPdf(gienkin);
    const page = squeezed(pdfText(pdf));
    for (const expected of [
      '預り証',
      '山田花子 様',
      '¥3,000',
      '災害義援金としてお預かりしました',
      '全額を石川県に拠出いたします',
      '所得税法第78条第2項第1号',
      '石川県へ全額拠出',
    ]) {
      expect(page).toContain(expected);
    }
    for (const claim of ['寄附金受領証明書', '認定番号', '認定年月日', '認定NPO法人', '宮城県指令生第123号', '特定非営利活動に係る事業']) {
      expect(page).not.toContain(claim);
    }
    expect(pdfInfo(pdf).Title).toBe('KZ-2026-000123 預り証');

    const english = await text({ ...gienkin, language: 'en' });
    expect(english).toContain('Custody receipt (disaster relief donation)');
    expect(english).toContain('passed on in full to 石川県');
  });

  it('states a public-interest corporation’s tax credit certificate and that its copy is needed for the tax credit', async () => {
    const publicInterest = {
      ...CERTIFIED_NPO,
      legalName: '公益財団法人 きずな基金',
      taxStatus: 'public_interest' as const,
      certificationNumber: '府益第456号',
      certificationDate: '2019-10-01',
    };
    const page = await text(receipt({ organisation: publicInterest }));
    expect(page).toContain('寄附金受領証明書');
    expect(page).toContain('税額控除に係る証明書 府益第456号');
    expect(page).toContain('証明年月日 2019年10月1日');
    expect(page).toContain('税額控除に係る証明書の写しが必要です');
    expect(page).not.toContain('認定番号');
  });

  it('marks a correction, a cancellation and a receipt issued again, naming the document each replaces or voids', async () => {
    const correction = await text(receipt({ kind: 'correction', receiptNumber: 'KZ-2026-000200', originalReceiptNumber: 'KZ-2026-000123', amount: 2000, refundedAmount: 1000 }));
    expect(correction).toContain('寄附金受領証明書（訂正）');
    expect(correction).toContain('【訂正】本書は KZ-2026-000123 に代わるものです');
    expect(correction).toContain('返金額 ¥1,000');
    expect(correction).toContain('返金後の寄附金額 ¥2,000');

    const cancellation = await text(receipt({ kind: 'cancellation', receiptNumber: 'KZ-2026-000201', originalReceiptNumber: 'KZ-2026-000123', amount: 0, refundedAmount: 3000 }));
    expect(cancellation).toContain('寄附金受領証明書の取消');
    expect(cancellation).toContain('【取消】KZ-2026-000123 は無効です');
    expect(cancellation).toContain('返金額 ¥3,000');
    // A cancellation certifies no gift.
    expect(cancellation).not.toContain('受領したことを証明します');

    const reissue = await text(receipt({ kind: 'reissue', receiptNumber: 'KZ-2026-000202', originalReceiptNumber: 'KZ-2026-000201' }));
    expect(reissue).toContain('寄附金受領証明書（再発行）');
    expect(reissue).toContain('【再発行】本書は KZ-2026-000201 に代わるものです');
    expect(reissue).toContain('受領したことを証明します');

    const english = await text({ ...usd(30_000), kind: 'correction', originalReceiptNumber: 'KZ-2026-000100', amount: 20_000, refundedAmount: 10_000 });
    expect(english).toContain('Donation receipt: corrected');
    expect(english).toContain('Corrected: this document replaces KZ-2026-000100');
    expect(english).toContain('Amount refunded $100.00');
    expect(english).toContain('Amount given after refund $200.00');
  });

  it('prints names beyond JIS level 1 exactly: 髙橋 drawn, 𠮷田 kept in the text although IPAGothic has no 𠮷', async () => {
    const pdf = await renderReceiptPdf(receipt({ recipient: { ...HANAKO, name: '𠮷田 髙橋' } }));
    expect(squeezed(pdfText(pdf, 'layout'))).toContain('髙橋 様');
    // IPAGothic lacks 𠮷 (U+20BB7): the page draws 〓 in its place, and the text layer carries the name as given.
    const drawnInOrder = squeezed(pdfText(pdf, 'raw'));
    expect(drawnInOrder).toContain('𠮷田 髙橋 様');
    expect(drawnInOrder).not.toContain('〓');
  });

  it('renders the same document to the same bytes, so a receipt printed again is the one first sent', async () => {
    expect((await renderReceiptPdf(receipt())).equals(await renderReceiptPdf(receipt()))).toBe(true);
  });

  it('saves page 1 of the Japanese receipt, the $300 receipt and the 預り証 with the browser screenshots', async () => {
    const documents = {
      'receipt-ja-certified-npo': receipt(),
      'receipt-en-usd-300': usd(30_000),
      'receipt-ja-gienkin-azukarisho': receipt({ fundKind: 'gienkin', fundRecipient: '石川県', campaignTitle: '能登半島地震 災害義援金' }),
    };
    for (const [name, doc] of Object.entries(documents)) {
      const pdf = await renderReceiptPdf(doc);
      const png = savePageImage(pdf, name);
      expect(existsSync(png)).toBe(true);
      expect(statSync(png).size).toBeGreaterThan(10_000);
      expect(inkedShare(pdf)).toBeGreaterThan(0.01);
    }
  });
});

const gift = (receiptNumber: string, donatedAt: string, amount: number, overrides: Partial<AnnualGiftLine> = {}): AnnualGiftLine => ({
  receiptNumber,
  donatedAt: new Date(donatedAt),
  campaignTitle: NOTO,
  fundKind: 'shienkin',
  fundRecipient: null,
  amount,
  ...overrides,
});

function annual(gifts: AnnualGiftLine[], overrides: Partial<AnnualReceiptDocument> = {}): AnnualReceiptDocument {
  return {
    organisation: CERTIFIED_NPO,
    recipient: HANAKO,
    language: 'ja',
    donorName: '山田花子',
    donorEmail: 'hanako@example.jp',
    receiptNumber: 'KZA-2026-000001',
    replacesNumber: null,
    year: 2026,
    currency: 'jpy',
    total: gifts.reduce((sum, line) => sum + line.amount, 0),
    gifts,
    issuedAt: new Date('2027-01-10T00:00:00Z'),
    ...overrides,
  };
}

// Three gifts in 2026; the second, ¥5,000, was partly refunded (¥2,000), so it counts for ¥3,000.
const THREE_GIFTS = [
  gift('KZ-2026-000010', '2026-01-15T03:00:00Z', 3000),
  gift('KZ-2026-000042', '2026-03-11T05:00:00Z', 3000, { campaignTitle: '能登半島 仮設住宅の見守り' }),
  gift('KZ-2026-000077', '2026-09-01T01:00:00Z', 10_000),
];

describe('the annual receipt PDF', () => {
  it('lists a donor’s three gifts of the year, one reduced by a refund, with the right total', async () => {
    const pdf = await renderAnnualReceiptPdf(annual(THREE_GIFTS));
    const page = squeezed(pdfText(pdf, 'layout'));
    expect(page).toContain('2026年分 寄附金受領証明書');
    expect(page).toContain('山田花子 様');
    expect(page).toContain('対象期間 2026年1月1日〜2026年12月31日');
    expect(page).toContain(`2026年1月15日 KZ-2026-000010 ${NOTO} ¥3,000`);
    expect(page).toContain('2026年3月11日 KZ-2026-000042 能登半島 仮設住宅の見守り ¥3,000');
    expect(page).toContain(`2026年9月1日 KZ-2026-000077 ${NOTO} ¥10,000`);
    expect(page).toContain('寄附金合計 ¥16,000');
    expect(page).not.toContain('¥5,000');
    expect(page).toContain('認定番号 宮城県指令生第123号');
    expect(page).not.toContain('再発行');
    expect(pdfInfo(pdf).Title).toBe('KZA-2026-000001 2026年分 寄附金受領証明書');
    expect(pdf.length).toBeLessThan(100_000);

    const english = squeezed(pdfText(await renderAnnualReceiptPdf(annual(THREE_GIFTS, { language: 'en', organisation: ENGLISH_ORGANISATION })), 'layout'));
    expect(english).toContain('Annual donation receipt 2026');
    expect(english).toContain('15 January 2026 KZ-2026-000010');
    expect(english).toContain('Total ¥16,000');
  });

  it('lists 義援金 apart, as 預り証 lines with their own subtotal', async () => {
    const withGienkin = [
      ...THREE_GIFTS,
      gift('KZ-2026-000090', '2026-10-01T00:00:00Z', 7000, { campaignTitle: '能登半島地震 災害義援金', fundKind: 'gienkin', fundRecipient: '石川県' }),
    ];
    const page = squeezed(pdfText(await renderAnnualReceiptPdf(annual(withGienkin)), 'layout'));
    expect(page).toContain('寄附金合計 ¥16,000');
    expect(page).toContain('災害義援金（預り証）');
    expect(page).toContain('KZ-2026-000090 能登半島地震 災害義援金（石川県へ全額拠出） ¥7,000');
    expect(page).toContain('義援金 小計 ¥7,000');
    expect(page).toContain('全額を石川県に拠出いたします');
    expect(page).not.toContain('¥23,000');
  });

  it('marks an annual receipt issued again with the number it replaces', async () => {
    const ja = squeezed(pdfText(await renderAnnualReceiptPdf(annual(THREE_GIFTS, { receiptNumber: 'KZA-2026-000031', replacesNumber: 'KZA-2026-000001' }))));
    expect(ja).toContain('2026年分 寄附金受領証明書（再発行）');
    expect(ja).toContain('【再発行】本書は KZA-2026-000001 に代わるものです');
    const en = squeezed(
      pdfText(
        await renderAnnualReceiptPdf(
          annual(THREE_GIFTS, { language: 'en', organisation: ENGLISH_ORGANISATION, receiptNumber: 'KZA-2026-000031', replacesNumber: 'KZA-2026-000001' }),
        ),
      ),
    );
    expect(en).toContain('Reissued, replaces KZA-2026-000001');
  });

  it('runs a long year over several pages, every gift on one of them, each page numbered', async () => {
    const many = Array.from({ length: 90 }, (_, index) =>
      gift(`KZ-2026-${String(index + 1).padStart(6, '0')}`, `2026-${String((index % 12) + 1).padStart(2, '0')}-10T00:00:00Z`, 1000),
    );
    const pdf = await renderAnnualReceiptPdf(annual(many));
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThanOrEqual(3);
    const page = squeezed(pdfText(pdf, 'layout'));
    for (const line of many) expect(page).toContain(line.receiptNumber);
    expect(page).toContain('寄附金合計 ¥90,000');
    expect(page).toContain(`1 / ${pages}`);
    expect(page).toContain(`${pages} / ${pages}`);
    expect(pdf.length).toBeLessThan(100_000);
  });

  it('refuses gifts that do not add up to the total it would print', async () => {
    await expect(renderAnnualReceiptPdf(annual(THREE_GIFTS, { total: 21_000 }))).rejects.toThrow(/add up to 16000, not the total 21000/);
  });
});
