import { Stack, activeCampaign, give, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

const TRILLION = 1_000_000_000_000;

describe('goals of any size', () => {
  let stack: Stack;
  let coordinator: string;
  beforeAll(async () => {
    stack = await startStack({ env: { UPDATE_EMAILS_PER_SECOND: '2000' } });
    coordinator = await stack.app.staffToken('coordinator');
  });
  afterAll(() => stack.close());

  const draft = (currency: string, goalAmount: number) =>
    stack.app.request('POST', '/api/campaigns', {
      token: coordinator,
      body: { title: `Goal ${currency} ${goalAmount}`, disasterType: 'tsunami', region: 'Iwate', currency, goalAmount },
    });
  const slugOf = async (campaignId: string) => (await stack.app.request('GET', `/api/campaigns/${campaignId}`)).body.slug as string;
  const page = async (campaignId: string, lang = 'en') => (await stack.app.request('GET', `/campaigns/${await slugOf(campaignId)}?lang=${lang}`)).text;
  const progressOf = (html: string) => Number(/role="progressbar"[^>]*aria-valuenow="(\d+)"/.exec(html)?.[1]);
  const milestones = async (campaignId: string) =>
    (await stack.app.sql(`SELECT percent FROM campaign_milestones WHERE campaign_id = $1 ORDER BY percent`, [campaignId])).map((r) => r.percent);

  it('takes a goal of 1,000,000,000,000 in the minor unit of every currency', async () => {
    for (const currency of ['jpy', 'krw', 'usd', 'eur', 'gbp']) {
      const created = await draft(currency, TRILLION);
      expect(created.status).toBe(201);
      expect(created.body.goalAmount).toBe(TRILLION);
      expect((await stack.app.request('GET', `/api/campaigns/${created.body.id}`, { token: coordinator })).body.goalAmount).toBe(TRILLION);
    }
  });

  it('refuses a goal one unit above the cap, on create and on edit, with goal_above_maximum and nothing written', async () => {
    const before = await stack.app.sql('SELECT count(*)::int AS n FROM campaigns');
    const yen = await draft('jpy', TRILLION + 1);
    expect(yen.status).toBe(400);
    expect(yen.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'goal_above_maximum',
      message: "goalAmount must be at most 1000000000000 in the currency's minor unit (¥1,000,000,000,000)",
    });
    const dollars = await draft('usd', TRILLION + 1);
    expect(dollars.body).toMatchObject({ code: 'goal_above_maximum', message: expect.stringContaining('($10,000,000,000.00)') });
    expect((await draft('jpy', Number.MAX_SAFE_INTEGER + 2)).body.code).toBe('goal_above_maximum');
    expect(await stack.app.sql('SELECT count(*)::int AS n FROM campaigns')).toEqual(before);

    const campaignId = (await draft('jpy', 5_000_000)).body.id;
    const tooBig = await stack.app.request('PATCH', `/api/campaigns/${campaignId}`, { token: coordinator, body: { goalAmount: TRILLION + 1 } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.code).toBe('goal_above_maximum');
    const atCap = await stack.app.request('PATCH', `/api/campaigns/${campaignId}`, { token: coordinator, body: { goalAmount: TRILLION } });
    expect(atCap.status).toBe(200);
    expect(atCap.body.goalAmount).toBe(TRILLION);
  });

  it('shows a ¥1,000,000,000,000 goal on the campaign page, and the largest single gift as a sliver of it', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: TRILLION, title: 'Nankai Trough reserve' });
    expect(await page(campaignId)).toContain('¥0 raised of ¥1,000,000,000,000');
    expect(await page(campaignId, 'ja')).toContain('目標 ￥1,000,000,000,000 のうち ￥0 が集まりました');

    await give(stack, campaignId, { amount: 99_999_999, currency: 'jpy', email: 'largest-gift@example.jp' });
    await stack.settled();
    const totals = await waitUntil('the gift in the totals', async () => {
      const body = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`)).body;
      return body.raisedAmount > 0 ? body : null;
    });
    expect(totals).toMatchObject({ currency: 'jpy', goalAmount: TRILLION, raisedAmount: 99_999_999, donationCount: 1 });
    const html = await page(campaignId);
    expect(html).toContain('¥99,999,999 raised of ¥1,000,000,000,000');
    expect(progressOf(html)).toBe(0);
    expect(await milestones(campaignId)).toEqual([]);
  });

  it('shows a $10,000,000,000.00 goal on the campaign page', async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'usd', goalAmount: TRILLION, title: 'Pacific recovery fund' });
    expect(await page(campaignId)).toContain('$0.00 raised of $10,000,000,000.00');
  });

  it('counts milestones against a goal larger than one gift, and reaches 100% only when the goal is met', async () => {
    const goal = 100_000_000; // ¥100,000,000: one yen more than a card takes in one charge
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: goal, title: 'Hundred million appeal' });
    await give(stack, campaignId, { amount: 99_999_999, currency: 'jpy', email: 'almost@example.jp', subscribeToUpdates: true });
    await stack.settled();
    await waitUntil('the 75% milestone', async () => (await milestones(campaignId)).includes(75));
    const mail = await waitUntil('the 75% email', async () => stack.mail.messages().find((m) => m.subject === 'Hundred million appeal: 75% of our goal reached') ?? null);
    expect(mail.text).toContain('has raised ¥99,999,999 of its ¥100,000,000 goal');
    expect(progressOf(await page(campaignId))).toBe(99);
    expect(await milestones(campaignId)).toEqual([25, 50, 75]);

    await give(stack, campaignId, { amount: 50, currency: 'jpy', email: 'last-yen@example.jp' });
    await stack.settled();
    await waitUntil('the 100% milestone', async () => (await milestones(campaignId)).includes(100));
    expect(progressOf(await page(campaignId))).toBe(100);
  });

  it('creates, shows and reaches a ¥10,000,000,000 goal, one charge of at most ¥99,999,999 at a time', async () => {
    const goal = 10_000_000_000;
    const created = await draft('jpy', goal);
    expect(created.status).toBe(201);
    const campaignId = created.body.id as string;
    expect((await stack.app.request('POST', `/api/campaigns/${campaignId}/publish`, { token: coordinator })).status).toBe(201);
    expect(await page(campaignId)).toContain('¥0 raised of ¥10,000,000,000');
    expect(await page(campaignId, 'ja')).toContain('目標 ￥10,000,000,000 のうち ￥0 が集まりました');

    // A hundred of the largest card gifts leave the goal ¥100 short; one more small gift reaches it.
    for (let i = 0; i < 100; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => give(stack, campaignId, { amount: 99_999_999, currency: 'jpy', email: `ten-billion-${i + j}@example.jp` })));
    }
    await stack.settled();
    const short = await waitUntil('a hundred gifts in the totals', async () => {
      const body = (await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`, { token: coordinator })).body;
      return body.donationCount === 100 ? body : null;
    });
    expect(short.raisedAmount).toBe(goal - 100);
    expect(progressOf(await page(campaignId))).toBe(99);
    await waitUntil('the 75% milestone', async () => (await milestones(campaignId)).includes(75));
    expect(await milestones(campaignId)).toEqual([25, 50, 75]);

    await give(stack, campaignId, { amount: 100, currency: 'jpy', email: 'the-last-hundred-yen@example.jp' });
    await stack.settled();
    await waitUntil('the 100% milestone', async () => (await milestones(campaignId)).includes(100));
    expect((await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`)).body).toMatchObject({ goalAmount: goal, raisedAmount: goal, donationCount: 101 });
    const html = await page(campaignId);
    expect(html).toContain('¥10,000,000,000 raised of ¥10,000,000,000');
    expect(progressOf(html)).toBe(100);
  }, 180_000);

  it("still holds a single gift to Stripe's per-charge maximum, whatever the goal", async () => {
    const campaignId = await activeCampaign(stack.app, coordinator, { currency: 'jpy', goalAmount: TRILLION });
    const donate = (body: Record<string, unknown>) =>
      stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, { body: { currency: 'jpy', email: 'big@example.jp', ...body } });
    const tooLarge = await donate({ amount: 100_000_000 });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body).toMatchObject({ code: 'validation_failed', message: "amount must be at most 99999999 (Stripe's 8-digit maximum)" });
    const withFee = await donate({ amount: 99_999_000, coverFees: true });
    expect(withFee.status).toBe(400);
    expect(withFee.body.code).toBe('amount_above_maximum');
    expect(await stack.app.sql('SELECT count(*)::int AS n FROM donations WHERE campaign_id = $1', [campaignId])).toEqual([{ n: 0 }]);
  });
});
