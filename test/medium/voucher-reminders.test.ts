import { DonationsRepository } from '../../src/donations/donations.repository.js';
import { type MediumDatabase, openMediumDatabase } from '../support/medium.js';

/** When an unpaid voucher's one reminder falls due: the evening (Japan time) of the day before its deadline. */
describe('voucher reminders on a real database', () => {
  let db: MediumDatabase;
  let donations: DonationsRepository;
  let campaignId: string;
  let donorId: string;

  beforeAll(async () => {
    db = await openMediumDatabase(2);
    donations = new DonationsRepository(db.dataSource);
    [{ id: campaignId }] = await db.sql<{ id: string }>(
      `INSERT INTO campaigns (slug, title_en, story_en, disaster_type, region_en, currency, goal_amount, status) VALUES ('noto', 'Noto', '', 'earthquake', 'Noto', 'jpy', 1000000, 'active') RETURNING id`,
    );
    [{ id: donorId }] = await db.sql<{ id: string }>(`INSERT INTO donors (email) VALUES ('hanako@example.jp') RETURNING id`);
  });
  afterAll(() => db?.close());

  const pledge = async (deadline: string | null, status = 'awaiting_payment', method = 'konbini') => {
    const [row] = await db.sql<{ id: string }>(
      `INSERT INTO donations (campaign_id, donor_id, amount, currency, status, payment_method, pledge_expires_at) VALUES ($1, $2, 3000, 'jpy', $3, $4, $5) RETURNING id`,
      [campaignId, donorId, status, method, deadline],
    );
    return row.id;
  };
  const claim = (at: string) => db.dataSource.transaction((tx) => donations.claimVoucherReminders(tx, new Date(at)));

  it('reminds each unpaid voucher once, from 18:00 Japan time on the day before its deadline until the deadline', async () => {
    // Deadlines at 23:59:59 Japan time: Friday 4 and Saturday 5 December 2026.
    const friday = await pledge('2026-12-04T14:59:59Z');
    const saturday = await pledge('2026-12-05T14:59:59Z');
    await pledge('2026-12-04T14:59:59Z', 'succeeded');
    await pledge('2026-12-04T14:59:59Z', 'expired');
    await pledge(null, 'awaiting_payment', 'bank_transfer');

    expect(await claim('2026-12-03T08:59:59Z')).toEqual([]); // Thursday 17:59:59 in Japan
    expect(await claim('2026-12-03T09:00:00Z')).toEqual([friday]); // Thursday 18:00
    expect(await claim('2026-12-04T08:59:59Z')).toEqual([]); // once only; Saturday's not yet
    expect(await claim('2026-12-04T09:00:00Z')).toEqual([saturday]);
    expect(await claim('2026-12-05T14:00:00Z')).toEqual([]);
  });

  it('does not remind a voucher past its deadline; one issued the evening before is reminded at once', async () => {
    await pledge('2026-12-10T14:59:59Z');
    expect(await claim('2026-12-10T15:00:00Z')).toEqual([]);
    // There is no earlier moment to remind it.
    const late = await pledge('2026-12-12T14:59:59Z');
    expect(await claim('2026-12-11T12:00:00Z')).toEqual([late]);
  });
});
