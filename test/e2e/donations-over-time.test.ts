import { TestApp, startTestApp } from '../support/app.js';
import { activeCampaign } from '../support/stack.js';

describe('donations over time', () => {
  let app: TestApp;
  let coordinator: string;
  let campaignId: string;

  beforeAll(async () => {
    app = await startTestApp();
    coordinator = await app.staffToken('coordinator');
    campaignId = await activeCampaign(app, coordinator, { currency: 'usd' });
    // Recorded straight in the database with known times: this is about the bucketing, not the payment path.
    const [donor] = await app.sql(`INSERT INTO donors (email) VALUES ('chart@example.org') RETURNING id`);
    const gifts: [number, number, string, string | null][] = [
      [1000, 0, 'succeeded', '2011-03-11T05:46:00Z'],
      [2500, 105, 'succeeded', '2011-03-11T05:59:59Z'],
      [700, 0, 'refunded', '2011-03-11T06:00:00Z'],
      [5000, 0, 'succeeded', '2011-03-12T23:30:00Z'],
      [9999, 0, 'pending', null],
      [4000, 0, 'failed', null],
    ];
    for (const [amount, coveredFee, status, succeededAt] of gifts) {
      await app.sql(`INSERT INTO donations (campaign_id, donor_id, amount, covered_fee_amount, currency, status, succeeded_at) VALUES ($1, $2, $3, $4, 'usd', $5, $6)`, [
        campaignId,
        donor.id,
        amount,
        coveredFee,
        status,
        succeededAt,
      ]);
    }
    // Pledges: one still awaiting, one made the same hour and paid the next day, one that expired.
    const pledges: [number, string, string, string, string | null][] = [
      [3000, 'konbini', 'awaiting_payment', '2011-03-11T05:10:00Z', null],
      [8000, 'bank_transfer', 'succeeded', '2011-03-11T05:20:00Z', '2011-03-12T23:40:00Z'],
      [6000, 'konbini', 'expired', '2011-03-11T05:30:00Z', null],
    ];
    for (const [amount, method, status, createdAt, succeededAt] of pledges) {
      await app.sql(
        `INSERT INTO donations (campaign_id, donor_id, amount, currency, status, payment_method, created_at, succeeded_at) VALUES ($1, $2, $3, 'usd', $4, $5, $6, $7)`,
        [campaignId, donor.id, amount, status, method, createdAt, succeededAt],
      );
    }
  });
  afterAll(() => app.close());

  const get = (query: string, token: string | null = coordinator, id = campaignId) =>
    app.request('GET', `/api/campaigns/${id}/donations-over-time${query}`, { token: token ?? undefined });

  it('counts every donation paid, by the hour it was paid (Tokyo hours start on the UTC hour), and pledges apart, by the hour they were made', async () => {
    const result = await get('?by=hour');
    expect(result.status).toBe(200);
    expect(result.body).toEqual([
      { bucket: '2011-03-11T05:00:00.000Z', count: 2, amount: 3605, pledgedCount: 2, pledgedAmount: 11000 },
      { bucket: '2011-03-11T06:00:00.000Z', count: 1, amount: 700, pledgedCount: 0, pledgedAmount: 0 },
      { bucket: '2011-03-12T23:00:00.000Z', count: 2, amount: 13000, pledgedCount: 0, pledgedAmount: 0 },
    ]);
  });

  it("counts them by the organisation's day: Tokyo's midnight, and 23:30 UTC already the next day there", async () => {
    expect((await get('?by=day')).body).toEqual([
      { bucket: '2011-03-10T15:00:00.000Z', count: 3, amount: 4305, pledgedCount: 2, pledgedAmount: 11000 },
      { bucket: '2011-03-12T15:00:00.000Z', count: 2, amount: 13000, pledgedCount: 0, pledgedAmount: 0 },
    ]);
  });

  it('answers an empty list for a campaign without donations', async () => {
    const other = await activeCampaign(app, coordinator, { currency: 'jpy' });
    expect((await get('?by=day', coordinator, other)).body).toEqual([]);
  });

  it('refuses a bucket size it does not know, an unknown campaign, the public and finance', async () => {
    const bad = await get('?by=week');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('by must be one of: hour, day');
    expect((await get('')).status).toBe(400);
    expect((await get('?by=day', coordinator, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('?by=day', coordinator, 'not-a-uuid')).status).toBe(400);
    expect((await get('?by=day', null)).status).toBe(401);
    expect((await get('?by=day', await app.staffToken('finance'))).status).toBe(403);
  });
});
