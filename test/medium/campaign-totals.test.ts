import { randomUUID } from 'node:crypto';
import { CampaignTotalsRepository } from '../../src/campaigns/campaign-totals.repository.js';
import { type CampaignTotals, CampaignTotalsService, type TotalsChange } from '../../src/campaigns/campaign-totals.service.js';
import { type MediumDatabase, openMediumDatabase } from '../support/medium.js';

// campaign_total_slots and campaign_donors have no foreign keys (migrations 1764300000000, 1764400000000): plain uuids do.
describe('CampaignTotalsService on a real database', () => {
  let db: MediumDatabase;
  let totals: CampaignTotalsService;

  beforeAll(async () => {
    db = await openMediumDatabase(4);
    totals = new CampaignTotalsService(new CampaignTotalsRepository(db.dataSource));
  });
  afterAll(() => db?.close());

  const apply = (change: TotalsChange) => db.dataSource.transaction((tx) => totals.apply(tx, change));
  /** A captured gift as the payments module reports it: gross, the donor's covered fee, one donation, its donor. */
  const gift = (campaignId: string, donorId: string, grossAmount: number, coveredFeeAmount = 0, donationId = randomUUID()) =>
    apply({ campaignId, slotKey: donationId, grossAmount, coveredFeeAmount, donationCount: 1, donorId });

  const ZERO: CampaignTotals = {
    grossAmount: 0,
    feeAmount: 0,
    refundedAmount: 0,
    disputedAmount: 0,
    coveredFeeAmount: 0,
    netAmount: 0,
    raisedAmount: 0,
    pendingAmount: 0,
    pendingCount: 0,
    donationCount: 0,
    donorCount: 0,
  };

  it('sums gross, fees, refunds, disputes and covered fees, and derives net and raised from them', async () => {
    const campaignId = randomUUID();
    const donationA = randomUUID();
    const donationB = randomUUID();
    await gift(campaignId, randomUUID(), 10_300, 300, donationA);
    await apply({ campaignId, slotKey: donationA, feeAmount: 371 });
    await gift(campaignId, randomUUID(), 5_000, 0, donationB);
    await apply({ campaignId, slotKey: donationB, feeAmount: 180 });
    await apply({ campaignId, slotKey: donationA, refundedAmount: 2_000 });
    await apply({ campaignId, slotKey: donationB, disputedAmount: 5_000 });
    await apply({ campaignId, slotKey: donationB, feeAmount: 1_500 }); // the dispute fee

    expect(await totals.forCampaign(campaignId)).toEqual({
      pendingAmount: 0,
      pendingCount: 0,
      grossAmount: 15_300,
      feeAmount: 2_051,
      refundedAmount: 2_000,
      disputedAmount: 5_000,
      coveredFeeAmount: 300,
      netAmount: 15_300 - 2_051 - 2_000 - 5_000,
      raisedAmount: 15_300 - 2_000 - 5_000,
      donationCount: 2,
      donorCount: 2,
    });
  });

  it('takes negative movements: a failed refund or a dispute won back gives the amount back', async () => {
    const campaignId = randomUUID();
    const donationId = randomUUID();
    await gift(campaignId, randomUUID(), 8_000, 0, donationId);
    await apply({ campaignId, slotKey: donationId, refundedAmount: 8_000 });
    await apply({ campaignId, slotKey: donationId, refundedAmount: -8_000 });
    await apply({ campaignId, slotKey: donationId, disputedAmount: 8_000, feeAmount: 1_500 });
    await apply({ campaignId, slotKey: donationId, disputedAmount: -8_000, feeAmount: -1_500 });
    expect(await totals.forCampaign(campaignId)).toEqual({ ...ZERO, grossAmount: 8_000, netAmount: 8_000, raisedAmount: 8_000, donationCount: 1, donorCount: 1 });
  });

  it('counts a donor who gives twice to one campaign once, and once in each of two campaigns', async () => {
    const first = randomUUID();
    const second = randomUUID();
    const donor = randomUUID();
    await gift(first, donor, 1_000);
    await gift(first, donor, 2_000);
    await gift(first, randomUUID(), 500);
    await gift(second, donor, 3_000);

    const both = await totals.forCampaigns([first, second]);
    expect(both.get(first)).toMatchObject({ grossAmount: 3_500, donationCount: 3, donorCount: 2 });
    expect(both.get(second)).toMatchObject({ grossAmount: 3_000, donationCount: 1, donorCount: 1 });
  });

  it('counts donations only when told: fees, refunds and disputes of a donation add none', async () => {
    const campaignId = randomUUID();
    const donationId = randomUUID();
    const donor = randomUUID();
    await gift(campaignId, donor, 1_000, 0, donationId);
    await apply({ campaignId, slotKey: donationId, feeAmount: 36 });
    await apply({ campaignId, slotKey: donationId, refundedAmount: 1_000 });
    await apply({ campaignId, slotKey: 'txn_without_donation', feeAmount: 0 });
    expect(await totals.forCampaign(campaignId)).toMatchObject({ donationCount: 1, donorCount: 1 });
  });

  it('adds up exactly when 200 money events of many donations apply concurrently (slotted counters)', async () => {
    const campaignId = randomUUID();
    const donors = Array.from({ length: 50 }, () => randomUUID());
    const gifts = Array.from({ length: 200 }, (_, i) => ({ donationId: randomUUID(), donorId: donors[i % donors.length], amount: 1_000 + i, coveredFee: i % 3 }));

    await Promise.all(gifts.map((g) => gift(campaignId, g.donorId, g.amount, g.coveredFee, g.donationId)));
    // And a second wave on the same donations: their fees, and a refund of every tenth.
    await Promise.all(gifts.map((g, i) => apply({ campaignId, slotKey: g.donationId, feeAmount: 36 + (i % 5), refundedAmount: i % 10 === 0 ? 100 : 0 })));

    const gross = gifts.reduce((sum, g) => sum + g.amount, 0);
    const fee = gifts.reduce((sum, _, i) => sum + 36 + (i % 5), 0);
    const refunded = 20 * 100;
    expect(await totals.forCampaign(campaignId)).toEqual({
      pendingAmount: 0,
      pendingCount: 0,
      grossAmount: gross,
      feeAmount: fee,
      refundedAmount: refunded,
      disputedAmount: 0,
      coveredFeeAmount: gifts.reduce((sum, g) => sum + g.coveredFee, 0),
      netAmount: gross - fee - refunded,
      raisedAmount: gross - refunded,
      donationCount: 200,
      donorCount: 50,
    });
    // The counters are spread over several slot rows, at most 16, and the donors table holds each donor once.
    const [{ slots }] = await db.sql<{ slots: number }>(`SELECT count(*)::int AS slots FROM campaign_total_slots WHERE campaign_id = $1`, [campaignId]);
    expect(slots).toBeGreaterThan(1);
    expect(slots).toBeLessThanOrEqual(16);
    const [{ donorRows }] = await db.sql<{ donorRows: number }>(`SELECT count(*)::int AS "donorRows" FROM campaign_donors WHERE campaign_id = $1`, [campaignId]);
    expect(donorRows).toBe(50);
  });

  it('returns zero totals for a campaign with nothing, beside one with money, and an empty map for no campaigns', async () => {
    const active = randomUUID();
    const empty = randomUUID();
    await gift(active, randomUUID(), 2_000);

    const result = await totals.forCampaigns([active, empty]);
    expect([...result.keys()].sort()).toEqual([active, empty].sort());
    expect(result.get(empty)).toEqual(ZERO);
    expect(result.get(active)).toMatchObject({ grossAmount: 2_000, raisedAmount: 2_000, donationCount: 1, donorCount: 1 });
    expect(await totals.forCampaign(randomUUID())).toEqual(ZERO);
    expect((await totals.forCampaigns([])).size).toBe(0);
  });

  it("moves with the caller's transaction: an apply that rolls back leaves nothing, not even the donor", async () => {
    const campaignId = randomUUID();
    const donorId = randomUUID();
    const donationId = randomUUID();
    await expect(
      db.dataSource.transaction(async (tx) => {
        await totals.apply(tx, { campaignId, slotKey: donationId, grossAmount: 9_000, coveredFeeAmount: 270, donationCount: 1, donorId });
        throw new Error('the ledger posting failed');
      }),
    ).rejects.toThrow('the ledger posting failed');

    expect(await totals.forCampaign(campaignId)).toEqual(ZERO);
    expect(await db.sql(`SELECT 1 FROM campaign_total_slots WHERE campaign_id = $1`, [campaignId])).toEqual([]);
    expect(await db.sql(`SELECT 1 FROM campaign_donors WHERE campaign_id = $1`, [campaignId])).toEqual([]);

    // The retried event counts the donor as new.
    await gift(campaignId, donorId, 9_000, 270, donationId);
    expect(await totals.forCampaign(campaignId)).toMatchObject({ grossAmount: 9_000, coveredFeeAmount: 270, donationCount: 1, donorCount: 1 });
  });

  it('is not visible to others until the caller commits', async () => {
    const campaignId = randomUUID();
    await db.dataSource.transaction(async (tx) => {
      await totals.apply(tx, { campaignId, slotKey: randomUUID(), grossAmount: 1_234, donationCount: 1, donorId: randomUUID() });
      expect(await totals.forCampaign(campaignId)).toEqual(ZERO);
    });
    expect(await totals.forCampaign(campaignId)).toMatchObject({ grossAmount: 1_234, donationCount: 1, donorCount: 1 });
  });
});
