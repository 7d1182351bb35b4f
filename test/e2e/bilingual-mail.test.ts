import { Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { pdfText } from '../support/pdf.js';
import { waitUntil } from '../support/wait.js';

const NOTO = {
  ja: { title: '能登半島地震 緊急支援', story: '避難所に食料と水を届けます。', region: '石川県 能登地方' },
  en: { title: 'Noto Peninsula Earthquake Emergency Relief', story: 'We bring food and water to the shelters.', region: 'Noto, Ishikawa' },
};

describe('emails in the donor’s language', () => {
  let stack: Stack;
  let coordinator: string;
  let campaignId: string;
  const HANAKO = 'hanako@example.jp';
  const JOHN = 'john@example.org';

  beforeAll(async () => {
    stack = await startStack({ env: { UPDATE_EMAILS_PER_SECOND: '2000' } });
    coordinator = await stack.app.staffToken('coordinator');
    campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: 20_000, translations: NOTO });
    await give(stack, campaignId, { amount: 3000, currency: 'jpy', email: HANAKO, language: 'ja', subscribeToUpdates: true });
    await give(stack, campaignId, { amount: 3000, currency: 'jpy', email: JOHN, language: 'en', subscribeToUpdates: true });
    await stack.settled();
  });
  afterAll(() => stack.close());

  const mailTo = (email: string, kind: 'receipt' | 'update') =>
    stack.mail.messages().filter((m) => m.to.includes(email) && Boolean(m.headers['list-unsubscribe']) === (kind === 'update'));
  const waitForMail = (email: string, kind: 'receipt' | 'update', subjectPart: string) =>
    waitUntil(`${kind} to ${email} about ${subjectPart}`, async () => mailTo(email, kind).find((m) => m.subject.includes(subjectPart)) ?? null);
  const postUpdate = async (body: Record<string, unknown>) => {
    const posted = await stack.app.request('POST', `/api/campaigns/${campaignId}/updates`, { token: coordinator, body });
    expect(posted.status).toBe(201);
    return posted.body;
  };

  it('receipts name the campaign in Japanese to a Japanese donor and in English to an English one, in the email and its PDF', async () => {
    const toHanako = await waitForMail(HANAKO, 'receipt', NOTO.ja.title);
    expect(toHanako.subject).toContain(`「${NOTO.ja.title}」`);
    expect(toHanako.text).toContain(NOTO.ja.title);
    expect(toHanako.text).not.toContain(NOTO.en.title);
    expect(pdfText(toHanako.attachments[0].content)).toContain(NOTO.ja.title);

    const toJohn = await waitForMail(JOHN, 'receipt', NOTO.en.title);
    expect(toJohn.subject).toBe(`${toJohn.subject.split(':')[0]}: thank you for your gift to ${NOTO.en.title}`);
    expect(toJohn.text).not.toContain(NOTO.ja.title);
    expect(pdfText(toJohn.attachments[0].content)).toContain(NOTO.en.title);
  });

  it('milestone emails name the campaign in each donor’s language', async () => {
    const toHanako = await waitForMail(HANAKO, 'update', '目標の25%');
    expect(toHanako.subject).toBe(`【${NOTO.ja.title}】目標の25%に到達しました`);
    const toJohn = await waitForMail(JOHN, 'update', '25% of our goal');
    expect(toJohn.subject).toBe(`${NOTO.en.title}: 25% of our goal reached`);
  });

  it('sends an update written in both languages to each donor in theirs', async () => {
    const update = await postUpdate({
      translations: {
        ja: { title: '避難所に暖房が届きました', body: '灯油ストーブ40台を輪島の避難所に届けました。' },
        en: { title: 'Heaters reach the shelters', body: 'Forty kerosene heaters went to the shelters in Wajima.' },
      },
    });
    expect(update.translations.ja.title).toBe('避難所に暖房が届きました');
    const toHanako = await waitForMail(HANAKO, 'update', '避難所に暖房が届きました');
    expect(toHanako.subject).toBe(`【${NOTO.ja.title}】避難所に暖房が届きました`);
    expect(toHanako.text).toContain('灯油ストーブ40台を輪島の避難所に届けました。');
    expect(toHanako.text).not.toContain('Forty kerosene heaters');
    const toJohn = await waitForMail(JOHN, 'update', 'Heaters reach the shelters');
    expect(toJohn.subject).toBe(`${NOTO.en.title}: Heaters reach the shelters`);
    expect(toJohn.text).toContain('Forty kerosene heaters went to the shelters in Wajima.');
    expect(toJohn.text).not.toContain('灯油');
  });

  it('sends an update written only in Japanese to an English donor in Japanese, marked as Japanese', async () => {
    const update = await postUpdate({ title: '仮設住宅の見守りを始めました', body: '毎週、協同組合の仲間が一軒ずつ訪ねています。' });
    expect(update).toMatchObject({ language: 'ja', translations: { ja: { title: '仮設住宅の見守りを始めました' } } });
    expect(update.translations).not.toHaveProperty('en');
    const toJohn = await waitForMail(JOHN, 'update', '仮設住宅の見守りを始めました');
    expect(toJohn.subject).toBe(`${NOTO.en.title}: 仮設住宅の見守りを始めました`);
    expect(toJohn.html).toContain('<div lang="ja"><h1');
    expect(toJohn.text).toContain('You receive this email because you asked for news about');
    await waitForMail(HANAKO, 'update', '仮設住宅の見守りを始めました');

    const forEnglishReaders = await stack.app.request('GET', `/api/campaigns/${campaignId}/updates?lang=en`);
    expect(forEnglishReaders.body.map((u: { title: string; language: string }) => [u.title, u.language]).slice(0, 2)).toEqual([
      ['仮設住宅の見守りを始めました', 'ja'],
      ['Heaters reach the shelters', 'en'],
    ]);
  });

  it('refuses an update without words, or with both forms at once, with a 400 and its code', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: 'Only a title' }, 'update_text_required'],
      [{ translations: {} }, 'update_text_required'],
      [{ title: 'x', body: 'y', translations: { en: { title: 'x', body: 'y' } } }, 'update_translations_and_flat_fields'],
      [{ translations: { en: { title: '', body: 'y' } } }, 'validation_failed'],
    ];
    for (const [body, code] of cases) {
      const result = await stack.app.request('POST', `/api/campaigns/${campaignId}/updates`, { token: coordinator, body });
      expect({ body, status: result.status, code: result.body.code }).toEqual({ body, status: 400, code });
    }
  });
});
