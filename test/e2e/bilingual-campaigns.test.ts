import { TestApp, startTestApp } from '../support/app.js';

const NOTO = {
  ja: { title: '能登半島地震 緊急支援', story: '避難所に食料と水を届けます。\n\n地元の協同組合が炊き出しを続けています。', region: '石川県 能登地方' },
  en: { title: 'Noto Peninsula Earthquake Emergency Relief', story: 'We bring food and water to the shelters.', region: 'Noto, Ishikawa' },
};
const base = { disasterType: 'earthquake', currency: 'jpy', goalAmount: 10_000_000 };

describe('bilingual campaigns', () => {
  let app: TestApp;
  let coordinator: string;
  beforeAll(async () => {
    app = await startTestApp();
    coordinator = await app.staffToken('coordinator');
  });
  afterAll(() => app.close());

  const create = (body: Record<string, unknown>, headers: Record<string, string> = {}) => app.request('POST', '/api/campaigns', { token: coordinator, body, headers });
  const patch = (id: string, body: Record<string, unknown>) => app.request('PATCH', `/api/campaigns/${id}`, { token: coordinator, body });
  const published = async (body: Record<string, unknown>) => {
    const created = await create({ ...base, ...body });
    expect(created.status).toBe(201);
    await app.request('POST', `/api/campaigns/${created.body.id}/publish`, { token: coordinator });
    return created.body as { id: string; slug: string };
  };
  const read = (path: string, headers: Record<string, string> = {}) => app.request('GET', path, { headers });

  describe('writing translations', () => {
    it('creates a campaign in both languages and answers with both, the text in the coordinator’s language, and an English slug', async () => {
      const created = await create({ ...base, translations: NOTO }, { 'accept-language': 'ja' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ title: NOTO.ja.title, story: NOTO.ja.story, region: NOTO.ja.region, language: 'ja', translations: NOTO });
      expect(created.body.slug).toBe('noto-peninsula-earthquake-emergency-relief');
      const staffRead = await app.request('GET', `/api/campaigns/${created.body.id}`, { token: coordinator });
      expect(staffRead.body).toMatchObject({ title: NOTO.en.title, language: 'en', translations: NOTO });
    });

    it('takes the old flat fields as Japanese when they have Japanese characters, as English otherwise, or as `language` says', async () => {
      const japanese = await create({ ...base, title: '東日本大震災 復興支援', region: '東北', story: '浜の暮らしを取り戻す。' });
      expect(japanese.body.translations).toEqual({ ja: { title: '東日本大震災 復興支援', region: '東北', story: '浜の暮らしを取り戻す。' } });
      const english = await create({ ...base, title: 'Kumamoto relief', region: 'Kumamoto' });
      expect(english.body.translations).toEqual({ en: { title: 'Kumamoto relief', region: 'Kumamoto', story: '' } });
      const told = await create({ ...base, title: 'Kizuna 2026', region: 'Tohoku', language: 'ja' });
      expect(Object.keys(told.body.translations)).toEqual(['ja']);
    });

    it('adds, edits and removes a translation, keeping the other one', async () => {
      const { body } = await create({ ...base, translations: { ja: NOTO.ja } });
      const added = await patch(body.id, { translations: { en: NOTO.en } });
      expect(added.status).toBe(200);
      expect(added.body.translations).toEqual(NOTO);

      const storyOnly = await patch(body.id, { translations: { en: { story: 'Shelters now have heaters.' } } });
      expect(storyOnly.body.translations.en).toEqual({ ...NOTO.en, story: 'Shelters now have heaters.' });
      expect(storyOnly.body.translations.ja).toEqual(NOTO.ja);

      const flatEnglish = await patch(body.id, { title: 'Noto Relief' });
      expect(flatEnglish.body.translations.en.title).toBe('Noto Relief');
      expect(flatEnglish.body.translations.ja.title).toBe(NOTO.ja.title);

      const removed = await patch(body.id, { translations: { ja: null } });
      expect(removed.body.translations).toEqual({ en: { ...NOTO.en, title: 'Noto Relief', story: 'Shelters now have heaters.' } });
      expect(removed.body.language).toBe('en');
    });

    const refusals: [string, Record<string, unknown>, string, RegExp][] = [
      ['no text in either language', { translations: {} }, 'translation_required', /^a campaign needs a title and a region in Japanese or English/],
      ['a translation without a region', { translations: { en: { title: 'Relief' } } }, 'translation_incomplete', /^translations\.en\.region is required/],
      ['flat fields without a region', { title: 'Relief' }, 'translation_incomplete', /^region is required: the campaign has no English text yet/],
      ['translations and flat fields together', { translations: NOTO, title: 'Relief' }, 'translations_and_flat_fields', /^send either translations or title, story and region/],
      [
        'an empty title in a translation',
        { translations: { ja: { ...NOTO.ja, title: '' } } },
        'validation_failed',
        /^translations\.ja\.title must be between 1 and 200 characters$/,
      ],
      ['an unknown language', { translations: { fr: NOTO.en } }, 'validation_failed', /^translations\.fr is not an allowed field$/],
      ['a translation that is not an object', { translations: { en: 'Relief' } }, 'validation_failed', /^translations\.en must be an object/],
      ['an unknown flat language', { title: 'Relief', region: 'Noto', language: 'fr' }, 'validation_failed', /^language must be one of: ja, en$/],
    ];

    it.each(refusals)('refuses %s with a 400 and its code, writing nothing', async (_, body, code, message) => {
      const before = await app.sql('SELECT count(*)::int AS n FROM campaigns');
      const result = await create({ ...base, ...body });
      expect({ status: result.status, code: result.body.code }).toEqual({ status: 400, code });
      expect(result.body.message).toMatch(message);
      expect(await app.sql('SELECT count(*)::int AS n FROM campaigns')).toEqual(before);
    });

    it('refuses to remove the last translation', async () => {
      const { body } = await create({ ...base, translations: { en: NOTO.en } });
      const result = await patch(body.id, { translations: { en: null } });
      expect({ status: result.status, code: result.body.code }).toEqual({ status: 400, code: 'translation_required' });
      expect((await app.request('GET', `/api/campaigns/${body.id}`, { token: coordinator })).body.translations).toEqual({ en: NOTO.en });
    });
  });

  describe('public reads pick the reader’s language, and fall back to the other', () => {
    let both: { id: string; slug: string };
    let japaneseOnly: { id: string; slug: string };
    beforeAll(async () => {
      both = await published({ translations: NOTO, slug: 'noto-both' });
      japaneseOnly = await published({ translations: { ja: { title: '熊本地震 支援', story: '益城町の仮設住宅を支えます。', region: '熊本県' } }, slug: 'kumamoto-ja' });
    });

    it('answers the API in the language of ?lang=, then Accept-Language, then English', async () => {
      expect((await read(`/api/campaigns/${both.slug}?lang=ja`)).body).toMatchObject({ title: NOTO.ja.title, region: NOTO.ja.region, language: 'ja' });
      expect((await read(`/api/campaigns/${both.slug}`, { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' })).body).toMatchObject({ title: NOTO.ja.title, language: 'ja' });
      expect((await read(`/api/campaigns/${both.slug}`, { 'accept-language': 'fr-FR, ja;q=0.5' })).body.language).toBe('ja');
      expect((await read(`/api/campaigns/${both.slug}?lang=en`, { 'accept-language': 'ja' })).body).toMatchObject({ title: NOTO.en.title, language: 'en' });
      expect((await read(`/api/campaigns/${both.id}`)).body).toMatchObject({ title: NOTO.en.title, story: NOTO.en.story, language: 'en', translations: NOTO });
    });

    it('gives an English reader the Japanese text of a campaign written only in Japanese, saying so', async () => {
      const campaign = (await read(`/api/campaigns/${japaneseOnly.slug}?lang=en`)).body;
      expect(campaign).toMatchObject({ title: '熊本地震 支援', region: '熊本県', language: 'ja' });
      const listed = (await read('/api/campaigns', { 'accept-language': 'en' })).body as { id: string; title: string; language: string }[];
      expect(listed.find((c) => c.id === japaneseOnly.id)).toMatchObject({ title: '熊本地震 支援', language: 'ja' });
      expect(listed.find((c) => c.id === both.id)).toMatchObject({ title: NOTO.en.title, language: 'en' });
    });

    it('keeps a cached copy per language', async () => {
      const english = await read(`/api/campaigns/${both.slug}`, { 'accept-language': 'en' });
      const japanese = await read(`/api/campaigns/${both.slug}`, { 'accept-language': 'ja' });
      expect(english.headers.get('vary')).toBe('Authorization, Accept-Language');
      expect(english.headers.get('etag')).not.toBe(japanese.headers.get('etag'));
    });

    it('renders the campaign page in the reader’s language, marking text in the other language with its lang', async () => {
      const japanese = await read(`/campaigns/${both.slug}?lang=ja`);
      expect(japanese.text).toContain('<html lang="ja">');
      expect(japanese.text).toContain(`<title>${NOTO.ja.title} · `);
      expect(japanese.text).toContain(`<h1>${NOTO.ja.title}</h1>`);
      expect(japanese.text).toContain('<meta name="description" content="避難所に食料と水を届けます。">');
      expect(japanese.text).toContain('<p>地元の協同組合が炊き出しを続けています。</p>');
      expect(japanese.text).not.toContain(NOTO.en.story);

      const english = await read(`/campaigns/${both.slug}`, { 'accept-language': 'en-GB' });
      expect(english.text).toContain(`<h1>${NOTO.en.title}</h1>`);

      const fallback = await read(`/campaigns/${japaneseOnly.slug}?lang=en`);
      expect(fallback.text).toContain('<html lang="en">');
      expect(fallback.text).toContain('<h1 lang="ja">熊本地震 支援</h1>');
      expect(fallback.text).toContain('<span lang="ja">熊本県</span>');
      expect(fallback.text).toContain('<div class="story" lang="ja"><p>益城町の仮設住宅を支えます。</p></div>');
    });

    it('lists campaigns and titles the give page in the reader’s language', async () => {
      const list = await read('/?lang=ja');
      expect(list.text).toContain(`<a href="/campaigns/${both.slug}?lang=ja">${NOTO.ja.title}</a>`);
      const englishList = await read('/?lang=en');
      expect(englishList.text).toContain(`<h2><a href="/campaigns/${both.slug}?lang=en">${NOTO.en.title}</a></h2>`);
      expect(englishList.text).toContain(`<h2 lang="ja"><a href="/campaigns/${japaneseOnly.slug}?lang=en">熊本地震 支援</a></h2>`);

      const give = await read(`/campaigns/${japaneseOnly.slug}/give?lang=en`);
      expect(give.text).toContain('<h1>Give to <span lang="ja">熊本地震 支援</span></h1>');
      expect((await read(`/campaigns/${both.slug}/give?lang=ja`)).text).toContain(`<h1><span>${NOTO.ja.title}</span> に寄付する</h1>`);
    });
  });
});
