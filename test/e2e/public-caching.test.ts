import { TestApp, startTestApp } from '../support/app.js';
import { activeCampaign } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

describe('caching headers of campaign reads', () => {
  let app: TestApp;
  let coordinator: string;
  let campaignId: string;
  let slug: string;
  beforeAll(async () => {
    app = await startTestApp();
    coordinator = await app.staffToken('coordinator');
    campaignId = await activeCampaign(app, coordinator, { currency: 'jpy', goalAmount: 1_000_000, title: 'Kumamoto earthquake relief' });
    slug = (await app.request('GET', `/api/campaigns/${campaignId}`)).body.slug;
  });
  afterAll(() => app.close());

  const publicPaths = () => ['/api/campaigns', `/api/campaigns/${campaignId}`, `/api/campaigns/${slug}`, `/api/campaigns/${campaignId}/totals`];

  it('lets a CDN keep public reads for a second, with a strong ETag; If-None-Match answers 304 without a body', async () => {
    for (const path of publicPaths()) {
      const read = await app.request('GET', path);
      expect({ path, status: read.status, cacheControl: read.headers.get('cache-control'), vary: read.headers.get('vary') }).toEqual({
        path,
        status: 200,
        cacheControl: 'public, max-age=1, stale-while-revalidate=1',
        vary: path.endsWith('/totals') ? 'Authorization' : 'Authorization, Accept-Language',
      });
      const etag = read.headers.get('etag')!;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect(read.headers.get('content-type')).toMatch(/^application\/json/);

      const again = await app.request('GET', path);
      expect(again.headers.get('etag')).toBe(etag);
      for (const ifNoneMatch of [etag, `W/${etag}`, `"something-else", ${etag}`, '*']) {
        const revalidated = await app.request('GET', path, { headers: { 'if-none-match': ifNoneMatch } });
        expect({ path, ifNoneMatch, status: revalidated.status, body: revalidated.text, etag: revalidated.headers.get('etag') }).toEqual({
          path,
          ifNoneMatch,
          status: 304,
          body: '',
          etag,
        });
        expect(revalidated.headers.get('cache-control')).toBe('public, max-age=1, stale-while-revalidate=1');
      }
      const stale = await app.request('GET', path, { headers: { 'if-none-match': '"an-old-version"' } });
      expect(stale.status).toBe(200);
      expect(stale.body).toEqual(read.body);
    }
  });

  it('gives a new ETag and the new body once the totals move', async () => {
    const path = `/api/campaigns/${campaignId}/totals`;
    const before = await app.request('GET', path);
    await app.sql(`INSERT INTO campaign_total_slots (campaign_id, slot, gross_amount, donation_count, donor_count) VALUES ($1, 9, 3000, 1, 1)`, [campaignId]);
    const after = await waitUntil('the new totals (public reads are at most a second old)', async () => {
      const read = await app.request('GET', path, { headers: { 'if-none-match': before.headers.get('etag')! } });
      return read.status === 200 ? read : undefined;
    });
    expect(after.body.raisedAmount).toBe(3000);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
  });

  it('keeps reads with a staff token out of every cache, and never answers them 304 with the public copy', async () => {
    for (const path of publicPaths()) {
      const publicRead = await app.request('GET', path);
      const staffRead = await app.request('GET', path, { token: coordinator, headers: { 'if-none-match': publicRead.headers.get('etag')! } });
      expect({ path, status: staffRead.status, cacheControl: staffRead.headers.get('cache-control'), etag: staffRead.headers.get('etag') }).toEqual({
        path,
        status: 200,
        cacheControl: 'private, no-store',
        etag: null,
      });
    }
    const staffTotals = await app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator });
    expect(staffTotals.body).toHaveProperty('feeAmount');
    // A token that does not verify gets the public view, but still nothing a shared cache may keep.
    const forged = await app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: 'not-a-token' });
    expect(forged.status).toBe(200);
    expect(forged.body).not.toHaveProperty('feeAmount');
    expect(forged.headers.get('cache-control')).toBe('private, no-store');
  });
});
