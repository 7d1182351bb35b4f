import { Client } from 'pg';
import { TotalsPublisher } from '../../src/campaigns/totals-publisher.js';
import { TestApp, startTestApp } from '../support/app.js';
import { SseClient } from '../support/sse.js';
import { activeCampaign } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

/** What a committed gift does to the totals, as the payments module records it: one slot row of the campaign. */
async function recordGift(db: Client, campaignId: string, slot: number, amount: number): Promise<void> {
  await db.query(
    `INSERT INTO campaign_total_slots (campaign_id, slot, gross_amount, donation_count, donor_count) VALUES ($1, $2, $3, 1, 1)
     ON CONFLICT (campaign_id, slot) DO UPDATE SET gross_amount = campaign_total_slots.gross_amount + $3,
       donation_count = campaign_total_slots.donation_count + 1, donor_count = campaign_total_slots.donor_count + 1`,
    [campaignId, slot, amount],
  );
}

describe('live totals stream', () => {
  let app: TestApp;
  let admin: string;
  let db: Client;
  let publisher: TotalsPublisher;
  const open: SseClient[] = [];
  const watch = async (campaignIdOrSlug: string, headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${app.url}/api/campaigns/${campaignIdOrSlug}/totals/stream`, headers);
    open.push(client);
    return client;
  };

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.login();
    db = new Client({ connectionString: app.config.DATABASE_URL });
    await db.connect();
    publisher = app.app.get(TotalsPublisher);
  });
  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });
  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  it('sends the current public totals at once, as an event stream no cache or proxy holds back', async () => {
    const campaignId = await activeCampaign(app, admin, { currency: 'jpy', goalAmount: 1_000_000 });
    await recordGift(db, campaignId, 3, 4000);
    const stream = await watch(campaignId);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers['cache-control']).toMatch(/^no-store\b/);
    expect(stream.headers['x-accel-buffering']).toBe('no');
    expect(stream.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    const first = await stream.waitForTotals('the first totals', () => true);
    expect(first).toEqual((await app.request('GET', `/api/campaigns/${campaignId}/totals`)).body);
    expect(first).toEqual({ currency: 'jpy', goalAmount: 1_000_000, raisedAmount: 4000, donationCount: 1, donorCount: 1, pendingAmount: 0, pendingCount: 0 });
    expect(stream.retryMs).toBeGreaterThan(0);
  });

  it('pushes new totals to every watcher of the campaign after a change is published, and nothing to others', async () => {
    const campaignId = await activeCampaign(app, admin, { currency: 'usd', goalAmount: 500_000 });
    const otherId = await activeCampaign(app, admin, { currency: 'jpy' });
    const slug = (await app.request('GET', `/api/campaigns/${campaignId}`)).body.slug;
    const [byId, bySlug, other] = await Promise.all([watch(campaignId), watch(slug), watch(otherId)]);
    for (const stream of [byId, bySlug, other]) await stream.waitForTotals('the first totals', () => true);
    expect(byId.totals()).toEqual([{ currency: 'usd', goalAmount: 500_000, raisedAmount: 0, donationCount: 0, donorCount: 0, pendingAmount: 0, pendingCount: 0 }]);

    await recordGift(db, campaignId, 7, 2500);
    await publisher.changed([campaignId]);
    for (const stream of [byId, bySlug]) await stream.waitForTotals('the $25.00 gift', (t) => t.raisedAmount === 2500);
    expect(byId.totals()).toEqual([
      { currency: 'usd', goalAmount: 500_000, raisedAmount: 0, donationCount: 0, donorCount: 0, pendingAmount: 0, pendingCount: 0 },
      { currency: 'usd', goalAmount: 500_000, raisedAmount: 2500, donationCount: 1, donorCount: 1, pendingAmount: 0, pendingCount: 0 },
    ]);
    expect(other.totals()).toHaveLength(1);
  });

  it('sends a change that moves nothing public to nobody', async () => {
    const campaignId = await activeCampaign(app, admin, { currency: 'jpy' });
    const stream = await watch(campaignId);
    await stream.waitForTotals('the first totals', () => true);
    await publisher.changed([campaignId]);
    await recordGift(db, campaignId, 1, 1000);
    await publisher.changed([campaignId]);
    await stream.waitForTotals('the ¥1,000 gift', (t) => t.raisedAmount === 1000);
    expect(stream.totals().map((t) => t.raisedAmount)).toEqual([0, 1000]);
  });

  it('merges a burst of gifts into at most one event a second, the last one carrying all of them', async () => {
    const campaignId = await activeCampaign(app, admin, { currency: 'jpy' });
    const stream = await watch(campaignId);
    await stream.waitForTotals('the first totals', () => true);
    const started = performance.now();
    for (let gift = 1; gift <= 5; gift++) {
      await recordGift(db, campaignId, gift, 1000);
      await publisher.changed([campaignId]);
    }
    const burstSeconds = (performance.now() - started) / 1000;
    await stream.waitForTotals('all five gifts', (t) => t.raisedAmount === 5000 && t.donationCount === 5);
    const updates = stream.totals().slice(1);
    // One event when the burst starts, then one for everything that came during the quiet second after it, and so on.
    expect(updates.length).toBeLessThanOrEqual(1 + Math.ceil(burstSeconds));
    expect(updates.length).toBeLessThan(5);
    expect(updates.at(-1)).toMatchObject({ raisedAmount: 5000, donationCount: 5 });
  });

  it('answers 404 for a draft and an unknown campaign, as the JSON route does', async () => {
    const draft = await app.request('POST', '/api/campaigns', {
      token: admin,
      body: { title: 'Still a draft', disasterType: 'flood', region: 'Kyūshū', currency: 'jpy', goalAmount: 100_000 },
    });
    for (const id of [draft.body.id, '00000000-0000-4000-8000-000000000000', 'no-such-campaign']) {
      const stream = await watch(id);
      expect({ id, status: stream.status, code: JSON.parse(stream.body()).code }).toEqual({ id, status: 404, code: 'campaign_not_found' });
      expect((await app.request('GET', `/api/campaigns/${id}/totals`)).status).toBe(404);
    }
  });

  it('tells every process of the deployment, and only of this deployment (REDIS_PREFIX)', async () => {
    const campaignId = await activeCampaign(app, admin, { currency: 'jpy' });
    const neighbour = await startTestApp();
    try {
      const stream = await watch(campaignId);
      await stream.waitForTotals('the first totals', () => true);
      // Another deployment on the same Redis (another prefix) announcing the same campaign id is not heard.
      await recordGift(db, campaignId, 2, 700);
      await neighbour.app.get(TotalsPublisher).changed([campaignId]);
      await publisher.changed([campaignId]);
      await stream.waitForTotals('the ¥700 gift', (t) => t.raisedAmount === 700);
      expect(stream.totals().map((t) => t.raisedAmount)).toEqual([0, 700]);
    } finally {
      await neighbour.close();
    }
  });
});

describe('live totals stream limits', () => {
  let app: TestApp;
  let campaignId: string;
  beforeAll(async () => {
    app = await startTestApp({ SSE_MAX_WATCHERS: '2' });
    campaignId = await activeCampaign(app, await app.login(), { currency: 'jpy' });
  });
  afterAll(() => app?.close());

  it('refuses watchers beyond SSE_MAX_WATCHERS with 503, and takes one again when a client goes away', async () => {
    const url = `${app.url}/api/campaigns/${campaignId}/totals/stream`;
    const first = await SseClient.open(url);
    const second = await SseClient.open(url);
    await Promise.all([first, second].map((s) => s.waitForTotals('the first totals', () => true)));
    const refused = await SseClient.open(url);
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body()).code).toBe('too_many_watchers');
    // The JSON route, which pages fall back to, still answers.
    expect((await app.request('GET', `/api/campaigns/${campaignId}/totals`)).status).toBe(200);

    first.close();
    const third = await waitUntil('room for a new watcher once one left', async () => {
      const attempt = await SseClient.open(url);
      if (attempt.status === 200) return attempt;
      return undefined;
    });
    await third.waitForTotals('the first totals', () => true);
    second.close();
    third.close();
  });

  it('ends the streams when the API shuts down, so that it can stop', async () => {
    const stream = await SseClient.open(`${app.url}/api/campaigns/${campaignId}/totals/stream`);
    await stream.waitForTotals('the first totals', () => true);
    await app.close();
    await waitUntil('the stream to end', async () => stream.ended);
  });
});
