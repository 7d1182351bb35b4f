import { Stack, activeCampaign, startStack } from '../support/stack.js';

describe('donation intents: bad input', () => {
  let stack: Stack;
  let jpyCampaign: string;
  let draftCampaign: string;
  let closedCampaign: string;
  beforeAll(async () => {
    stack = await startStack();
    const coordinator = await stack.app.staffToken('coordinator');
    jpyCampaign = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
    closedCampaign = await activeCampaign(stack.app, coordinator, { currency: 'jpy' });
    await stack.app.request('POST', `/api/campaigns/${closedCampaign}/close`, { token: coordinator });
    const draft = await stack.app.request('POST', '/api/campaigns', {
      token: coordinator,
      body: { title: 'Draft', disasterType: 'flood', region: 'x', currency: 'jpy', goalAmount: 1000 },
    });
    draftCampaign = draft.body.id;
  });
  afterAll(() => stack.close());

  const valid = { amount: 5000, currency: 'jpy', email: 'donor@example.jp' };
  const written = async () => (await stack.app.sql(`SELECT (SELECT count(*) FROM donations)::int AS donations, (SELECT count(*) FROM donors)::int AS donors`))[0];

  const cases: [string, () => string, Record<string, unknown>, number, RegExp][] = [
    ['amount 0', () => jpyCampaign, { amount: 0 }, 400, /^amount must be positive$/],
    ['amount -1', () => jpyCampaign, { amount: -1 }, 400, /^amount must be positive$/],
    ['amount 1.5', () => jpyCampaign, { amount: 1.5 }, 400, /^amount must be an integer in the minor unit of the currency$/],
    ['amount "100"', () => jpyCampaign, { amount: '100' }, 400, /^amount must be an integer/],
    ['49 jpy', () => jpyCampaign, { amount: 49 }, 400, /^amount must be at least 50 jpy \(Stripe's minimum charge\)$/],
    ['amount 100000000', () => jpyCampaign, { amount: 100_000_000 }, 400, /^amount must be at most 99999999/],
    ['the wrong currency', () => jpyCampaign, { currency: 'usd' }, 400, /^currency must be jpy, the campaign's currency$/],
    ['an unsupported currency', () => jpyCampaign, { currency: 'xyz' }, 400, /^currency must be one of/],
    ['a missing email', () => jpyCampaign, { email: undefined }, 400, /^email must be a valid email address$/],
    ['a bad email', () => jpyCampaign, { email: 'not-an-email' }, 400, /^email must be a valid email address$/],
    ['a message over 500 characters', () => jpyCampaign, { message: 'x'.repeat(501) }, 400, /^message must be at most 500 characters$/],
    ['an unknown language', () => jpyCampaign, { language: 'fr' }, 400, /^language must be one of: en, ja$/],
    ['an unknown field', () => jpyCampaign, { tip: 5 }, 400, /^tip is not an allowed field$/],
    ['an unknown campaign', () => '00000000-0000-4000-8000-000000000000', {}, 404, /^campaign 00000000-0000-4000-8000-000000000000 was not found$/],
    ['a draft campaign', () => draftCampaign, {}, 409, /is draft and does not take donations$/],
    ['a closed campaign', () => closedCampaign, {}, 409, /is closed and does not take donations$/],
  ];

  it.each(cases)('refuses %s, saying what is wrong, and writes nothing', async (_, campaign, change, status, message) => {
    const before = await written();
    const result = await stack.app.request('POST', `/api/campaigns/${campaign()}/donations`, { body: { ...valid, ...change } });
    expect(result.status).toBe(status);
    expect(result.body.message).toMatch(message);
    expect(await written()).toEqual(before);
  });

  it('accepts a message of exactly 500 characters and picks the language from Accept-Language', async () => {
    const result = await stack.app.request('POST', `/api/campaigns/${jpyCampaign}/donations`, {
      body: { ...valid, message: 'x'.repeat(500) },
      headers: { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' },
    });
    expect(result.status).toBe(201);
    expect((await stack.app.sql('SELECT language FROM donations WHERE id = $1', [result.body.donationId]))[0].language).toBe('ja');
  });

  it('answers 502 with a clear message when Stripe cannot be reached, and a retry with the same key succeeds', async () => {
    const port = stack.emulator.port;
    await stack.emulator.close();
    const headers = { 'idempotency-key': 'stripe-down-1' };
    const down = await stack.app.request('POST', `/api/campaigns/${jpyCampaign}/donations`, { body: valid, headers });
    expect(down.status).toBe(502);
    // Stripe's own words (here a connection error naming the emulator's address) stay in the log, never in the answer.
    expect(down.body).toMatchObject({ code: 'stripe_failed', message: 'Stripe could not create the payment right now; retry with the same Idempotency-Key' });
    const { startStripeEmulator } = await import('../../tools/stripe-emulator/emulator.js');
    Object.assign(stack, { emulator: await startStripeEmulator({ port, webhookSecret: 'whsec_test_secret', webhookUrl: `${stack.app.url}/api/webhooks/stripe` }) });
    const retried = await stack.app.request('POST', `/api/campaigns/${jpyCampaign}/donations`, { body: valid, headers });
    expect(retried.status).toBe(201);
    expect(retried.body.paymentIntentId).toMatch(/^pi_/);
    expect(await stack.app.sql(`SELECT count(*)::int AS n FROM donations WHERE idempotency_key = 'stripe-down-1'`)).toEqual([{ n: 1 }]);
  });
});
