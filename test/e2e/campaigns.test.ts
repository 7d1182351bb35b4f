import { TestApp, startTestApp } from '../support/app.js';

const valid = {
  title: 'Great East Japan Earthquake relief',
  disasterType: 'earthquake',
  region: 'Tōhoku, Japan',
  currency: 'jpy',
  goalAmount: 50_000_000,
  story: 'Rebuilding fisheries co-operatives along the coast.',
};

describe('campaigns', () => {
  let app: TestApp;
  let coordinator: string;

  beforeAll(async () => {
    app = await startTestApp();
    coordinator = await app.staffToken('coordinator');
  });
  afterAll(() => app.close());

  const create = (body: Record<string, unknown>) => app.request('POST', '/api/campaigns', { token: coordinator, body });

  describe('lifecycle', () => {
    it('goes draft → active → closed, public only once published', async () => {
      const created = await create(valid);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'draft', slug: 'great-east-japan-earthquake-relief', currency: 'jpy', goalAmount: 50_000_000 });
      const { id, slug } = created.body;

      expect((await app.request('GET', `/api/campaigns/${id}`)).status).toBe(404);
      expect((await app.request('GET', `/api/campaigns/${slug}`)).status).toBe(404);
      expect((await app.request('GET', `/api/campaigns/${id}/totals`)).status).toBe(404);
      expect((await app.request('GET', '/api/campaigns')).body.map((c: { id: string }) => c.id)).not.toContain(id);
      expect((await app.request('GET', `/api/campaigns/${id}`, { token: coordinator })).body.status).toBe('draft');

      const edited = await app.request('PATCH', `/api/campaigns/${id}`, { token: coordinator, body: { goalAmount: 60_000_000, story: 'Updated story' } });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ goalAmount: 60_000_000, story: 'Updated story', title: valid.title });

      const published = await app.request('POST', `/api/campaigns/${id}/publish`, { token: coordinator });
      expect(published.status).toBe(201);
      expect(published.body.status).toBe('active');
      expect(published.body.publishedAt).not.toBeNull();

      const bySlug = await app.request('GET', `/api/campaigns/${slug}`);
      expect(bySlug.status).toBe(200);
      expect(bySlug.body).toMatchObject({ id, status: 'active', totals: { currency: 'jpy', goalAmount: 60_000_000, raisedAmount: 0, donationCount: 0, donorCount: 0 } });
      expect(bySlug.body.totals).not.toHaveProperty('feeAmount');
      expect((await app.request('GET', `/api/campaigns/${id}`)).body.slug).toBe(slug);
      const listed = (await app.request('GET', '/api/campaigns')).body.find((c: { id: string }) => c.id === id);
      expect(listed.totals.raisedAmount).toBe(0);

      expect((await app.request('POST', `/api/campaigns/${id}/publish`, { token: coordinator })).status).toBe(409);
      const closed = await app.request('POST', `/api/campaigns/${id}/close`, { token: coordinator });
      expect(closed.body.status).toBe('closed');
      expect(closed.body.closedAt).not.toBeNull();
      expect((await app.request('GET', `/api/campaigns/${id}`)).body.status).toBe('closed');
      const reopen = await app.request('POST', `/api/campaigns/${id}/publish`, { token: coordinator });
      expect(reopen.status).toBe(409);
      expect(reopen.body.message).toBe('campaign is closed: only a draft campaign can be published');
    });

    it('refuses to close a draft', async () => {
      const { body } = await create({ ...valid, title: 'Draft to close' });
      const result = await app.request('POST', `/api/campaigns/${body.id}/close`, { token: coordinator });
      expect(result.status).toBe(409);
      expect(result.body.message).toMatch(/only an active campaign can be closed/);
    });

    it('reads totals from the counter table, splitting public and staff views', async () => {
      const { body } = await create({ ...valid, title: 'Totals check' });
      await app.request('POST', `/api/campaigns/${body.id}/publish`, { token: coordinator });
      await app.sql(
        `INSERT INTO campaign_total_slots (campaign_id, slot, gross_amount, fee_amount, refunded_amount, donation_count, donor_count)
         VALUES ($1, 0, 8000, 300, 1000, 2, 2), ($1, 5, 2000, 80, 0, 1, 1)`,
        [body.id],
      );
      const publicView = await app.request('GET', `/api/campaigns/${body.id}/totals`);
      expect(publicView.body).toEqual({ currency: 'jpy', goalAmount: 50_000_000, raisedAmount: 9000, donationCount: 3, donorCount: 3, pendingAmount: 0, pendingCount: 0 });
      const staffView = await app.request('GET', `/api/campaigns/${body.id}/totals`, { token: coordinator });
      expect(staffView.body).toEqual({
        currency: 'jpy',
        goalAmount: 50_000_000,
        raisedAmount: 9000,
        donationCount: 3,
        donorCount: 3,
        grossAmount: 10_000,
        feeAmount: 380,
        refundedAmount: 1000,
        disputedAmount: 0,
        netAmount: 8620,
        coveredFeeAmount: 0,
        pendingAmount: 0,
        pendingCount: 0,
      });
    });

    it('answers 404 for an unknown id or slug and 400 for a malformed id on staff routes', async () => {
      expect((await app.request('GET', '/api/campaigns/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await app.request('GET', '/api/campaigns/no-such-campaign')).status).toBe(404);
      const bad = await app.request('PATCH', '/api/campaigns/not-a-uuid', { token: coordinator, body: { title: 'x' } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('id must be a UUID');
    });
  });

  describe('slugs', () => {
    const edit = (id: string, body: Record<string, unknown>) => app.request('PATCH', `/api/campaigns/${id}`, { token: coordinator, body });
    const publish = (id: string) => app.request('POST', `/api/campaigns/${id}/publish`, { token: coordinator });
    const page = (path: string) => fetch(`${app.url}${path}`, { redirect: 'manual' });

    it('reads a Japanese title aloud in romaji', async () => {
      const result = await create({ ...valid, title: '能登半島地震 2024 緊急支援', region: '石川県' });
      expect(result.status).toBe(201);
      expect(result.body.slug).toBe('noto-hanto-jishin-2024-kinkyu-shien');
      expect(result.body.title).toBe('能登半島地震 2024 緊急支援');
      const again = await create({ ...valid, title: '東日本大震災 復興支援', region: 'Tōhoku' });
      expect(again.body.slug).toBe('higashinippon-daishinsai-fukko-shien');
    });

    it('never makes a slug of digits alone', async () => {
      const result = await create({ ...valid, title: '2024', disasterType: 'typhoon', region: '沖縄県' });
      expect(result.body.slug).toBe(`typhoon-okinawaken-${new Date().getUTCFullYear()}`);
    });

    it('numbers a slug made from a title that is already taken', async () => {
      const first = await create({ ...valid, title: 'Same title twice' });
      const second = await create({ ...valid, title: 'Same title twice' });
      expect(first.body.slug).toBe('same-title-twice');
      expect(second.body.slug).toBe('same-title-twice-2');
    });

    it('refuses an explicit slug that is taken, naming the slug', async () => {
      await create({ ...valid, title: 'One', slug: 'kumamoto-2016' });
      const result = await create({ ...valid, title: 'Two', slug: 'kumamoto-2016' });
      expect(result.status).toBe(409);
      expect(result.body.message).toBe('slug kumamoto-2016 is already used by another campaign');
    });

    it('lets the coordinator change the slug, refusing digits alone and malformed ones', async () => {
      const { body } = await create({ ...valid, title: 'Slug to edit' });
      for (const [slug, message] of [
        ['2024', 'slug must contain a letter: digits alone are not a readable address'],
        ['Noto Hanto', 'slug must be lowercase letters and digits separated by single hyphens'],
        ['a'.repeat(61), 'slug must be at most 60 characters'],
      ]) {
        const refused = await edit(body.id, { slug });
        expect(refused.status).toBe(400);
        expect(refused.body.message).toBe(message);
      }
      const changed = await edit(body.id, { slug: 'noto-2024' });
      expect(changed.status).toBe(200);
      expect(changed.body.slug).toBe('noto-2024');
    });

    it('keeps an old slug leading to the campaign: a 301 on its pages (keeping ?lang), the campaign on the API', async () => {
      const { body } = await create({ ...valid, title: 'Old address' });
      await publish(body.id);
      expect((await edit(body.id, { slug: 'new-address' })).status).toBe(200);
      expect((await edit(body.id, { slug: 'newest-address' })).status).toBe(200);

      for (const [old, target] of [
        ['/campaigns/old-address?lang=ja', '/campaigns/newest-address?lang=ja'],
        ['/campaigns/new-address/give?lang=en', '/campaigns/newest-address/give?lang=en'],
        ['/campaigns/old-address', '/campaigns/newest-address'],
      ]) {
        const response = await page(old);
        expect(response.status).toBe(301);
        expect(response.headers.get('location')).toBe(target);
      }
      expect((await page('/campaigns/newest-address?lang=ja')).status).toBe(200);
      const api = await app.request('GET', '/api/campaigns/old-address');
      expect(api.status).toBe(200);
      expect(api.body).toMatchObject({ id: body.id, slug: 'newest-address' });
    });

    it('never gives a slug a campaign had to another campaign, but lets the campaign take it back', async () => {
      const { body } = await create({ ...valid, title: 'First owner' });
      await edit(body.id, { slug: 'first-owner-renamed' });
      const taken = await create({ ...valid, title: 'Another', slug: 'first-owner' });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'slug_taken', message: 'slug first-owner is already used by another campaign' });
      const other = await create({ ...valid, title: 'First owner' });
      expect(other.body.slug).toBe('first-owner-2');
      expect((await edit(other.body.id, { slug: 'first-owner' })).status).toBe(409);

      const back = await edit(body.id, { slug: 'first-owner' });
      expect(back.status).toBe(200);
      expect(await app.sql('SELECT slug FROM campaign_slug_history WHERE campaign_id = $1', [body.id])).toEqual([{ slug: 'first-owner-renamed' }]);
    });
  });

  describe('validation: 400, a message naming the field, nothing written', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['an unknown disasterType', { disasterType: 'meteor' }, /^disasterType must be one of: tsunami, earthquake, flood, typhoon, wildfire, other$/],
      ['an unsupported currency', { currency: 'btc' }, /^currency must be one of: jpy, krw, usd, eur, gbp$/],
      ['an upper-case currency', { currency: 'JPY' }, /^currency must be one of/],
      ['a zero goalAmount', { goalAmount: 0 }, /^goalAmount must be positive$/],
      ['a negative goalAmount', { goalAmount: -1 }, /^goalAmount must be positive$/],
      ['a fractional goalAmount', { goalAmount: 1.5 }, /^goalAmount must be an integer in the minor unit/],
      ['a goalAmount sent as a string', { goalAmount: '100' }, /^goalAmount must be an integer in the minor unit/],
      ['an empty title', { title: '' }, /^title must be between 1 and 200 characters$/],
      ['a title of 201 characters', { title: 'x'.repeat(201) }, /^title must be between 1 and 200 characters$/],
      ['a slug with upper case and spaces', { slug: 'Not A Slug' }, /^slug must be lowercase letters and digits/],
      ['a slug of digits alone', { slug: '2024' }, /^slug must contain a letter/],
      ['an unknown field', { raised: 5 }, /^raised is not an allowed field$/],
    ];

    it.each(cases)('refuses %s', async (_, change, message) => {
      const before = await app.sql('SELECT count(*)::int AS n FROM campaigns');
      const result = await create({ ...valid, ...change });
      expect(result.status).toBe(400);
      expect(result.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message), code: 'validation_failed' });
      expect(await app.sql('SELECT count(*)::int AS n FROM campaigns')).toEqual(before);
    });

    it('accepts a title of exactly 200 characters and every supported currency', async () => {
      for (const currency of ['jpy', 'krw', 'usd', 'eur', 'gbp']) {
        expect((await create({ ...valid, currency, title: `${currency} ${'y'.repeat(196)}` })).status).toBe(201);
      }
    });

    it('validates edits the same way', async () => {
      const { body } = await create({ ...valid, title: 'Edit me' });
      const result = await app.request('PATCH', `/api/campaigns/${body.id}`, { token: coordinator, body: { goalAmount: 0 } });
      expect(result.status).toBe(400);
      expect(result.body.message).toBe('goalAmount must be positive');
    });
  });
});
