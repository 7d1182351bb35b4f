import { inkedShare, pdfFonts, pdfText, savePageImage, squeezed } from '../support/pdf.js';
import { Stack, activeCampaign, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

/**
 * The receipts donors file with their tax return, as they get them: each gift made through the API and paid at the
 * emulator, the receipt emailed, and its PDF read back with poppler (pdftotext, pdftoppm) as a person would read it.
 */

const PROFILE = {
  legalName: '特定非営利活動法人 きずな災害支援ネットワーク',
  address: '東京都千代田区丸の内2-7-3 東京ビル8階',
  representative: '理事長 佐藤 一郎',
  taxStatus: 'certified_npo',
  certificationNumber: '東京都指令生活文第1234号',
  certificationDate: '2020-04-01',
  timezone: 'Asia/Tokyo',
};
const HANAKO = { name: '山田花子', postalCode: '100-0005', address: '東京都千代田区丸の内1-2-3 きずなビル5階' };

describe('tax receipts, as the donor reads the PDF', () => {
  let stack: Stack;
  let coordinator: string;

  beforeAll(async () => {
    stack = await startStack();
    const admin = await stack.app.staffToken('admin');
    coordinator = await stack.app.staffToken('coordinator');
    const saved = await stack.app.request('PUT', '/api/organisation', { token: admin, body: PROFILE });
    expect(saved.status).toBe(200);
  });
  afterAll(() => stack.close());

  /** Gives by card through the API and returns the receipt email's PDF, once it arrives. */
  async function receiptPdf(campaignId: string, body: Record<string, unknown>): Promise<{ pdf: Buffer; number: string }> {
    const created = await stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, { body });
    expect(created.status).toBe(201);
    await stack.stripe.paymentIntents.confirm(created.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    const mail = await waitUntil(
      `the receipt to ${body.email}`,
      async () => stack.mail.messages().find((m) => m.to.includes(body.email as string) && m.attachments.length > 0) ?? null,
    );
    const [attachment] = mail.attachments;
    return { pdf: attachment.content, number: attachment.filename.replace(/\.pdf$/, '') };
  }

  it('山田花子’s ¥3,000 gift: a Japanese 寄附金受領証明書 with her address, the campaign’s Japanese title and the certified-NPO fields', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, {
      currency: 'jpy',
      translations: { ja: { title: '能登半島地震 2024 緊急支援', story: '避難所に食料と水を届けます。', region: '石川県' } },
    });
    const { pdf, number } = await receiptPdf(campaignId, { amount: 3000, currency: 'jpy', email: 'hanako@example.jp', name: '山田 花子', language: 'ja', taxReceipt: HANAKO });
    const text = squeezed(pdfText(pdf));
    for (const expected of [
      '寄附金受領証明書',
      number,
      '山田花子',
      '100-0005',
      HANAKO.address,
      '¥3,000',
      '能登半島地震 2024 緊急支援',
      PROFILE.legalName,
      PROFILE.address,
      PROFILE.representative,
      PROFILE.certificationNumber,
      '2020年4月1日',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('?');
    expect(pdf.length).toBeLessThan(100 * 1024);
    expect(pdfFonts(pdf)).toEqual([expect.objectContaining({ name: expect.stringMatching(/^[A-Z]{6}\+IPAGothic$/), embedded: true, subset: true })]);
    savePageImage(pdf, 'receipt-mailed-ja-certified-npo');
    expect(inkedShare(pdf)).toBeGreaterThan(0.002);
  });

  it('an English donor’s $300 gift: an English receipt with the US statement', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd', title: 'Noto Peninsula Earthquake Relief' });
    const { pdf } = await receiptPdf(campaignId, { amount: 30000, currency: 'usd', email: 'john@example.org', name: 'John Smith', language: 'en' });
    const text = squeezed(pdfText(pdf));
    expect(text).toContain('$300.00');
    expect(text).toContain('Noto Peninsula Earthquake Relief');
    expect(text).toContain('John Smith');
    expect(text).toContain('No goods or services were provided in exchange for this contribution.');
    savePageImage(pdf, 'receipt-mailed-en-usd-300');
    expect(inkedShare(pdf)).toBeGreaterThan(0.002);
  });

  it('a gift to a 義援金 campaign: a 預り証 saying the money goes in full to the prefecture, with no NPO claims', async () => {
    const created = await stack.app.request('POST', '/api/campaigns', {
      token: coordinator,
      body: {
        translations: { ja: { title: '令和6年能登半島地震 災害義援金', story: '全額を石川県に拠出します。', region: '石川県' } },
        disasterType: 'earthquake',
        currency: 'jpy',
        goalAmount: 10_000_000,
        fundKind: 'gienkin',
        fundRecipient: '石川県',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ fundKind: 'gienkin', fundRecipient: '石川県' });
    expect((await stack.app.request('POST', `/api/campaigns/${created.body.id}/publish`, { token: coordinator })).status).toBe(201);
    const { pdf } = await receiptPdf(created.body.id, {
      amount: 5000,
      currency: 'jpy',
      email: 'taro@example.jp',
      name: '鈴木 太郎',
      language: 'ja',
      taxReceipt: { ...HANAKO, name: '鈴木 太郎' },
    });
    const text = squeezed(pdfText(pdf));
    expect(text).toContain('預り証');
    expect(text).toContain('石川県');
    expect(text).toContain('¥5,000');
    expect(text).toContain('令和6年能登半島地震 災害義援金');
    expect(text).not.toContain(PROFILE.certificationNumber);
    expect(text).not.toContain('寄附金受領証明書');
    savePageImage(pdf, 'receipt-mailed-ja-gienkin-azukarisho');
    expect(inkedShare(pdf)).toBeGreaterThan(0.002);
  });
});
