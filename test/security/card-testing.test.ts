import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type Stripe from 'stripe';
import type { HttpResult } from '../support/app.js';
import { type Stack, activeCampaign, startStack } from '../support/stack.js';
import { waitUntil } from '../support/wait.js';

/**
 * Thresholds small enough for a test to pass in seconds; the proxy on loopback is trusted, so each request can
 * come from the address its X-Forwarded-For names, as behind a real load balancer.
 */
const THRESHOLDS = {
  TRUST_PROXY: 'loopback',
  CARD_TESTING_WINDOW_SECONDS: '600',
  CARD_TESTING_SITE_DECLINES: '200',
  CARD_TESTING_DECLINES_PER_IP: '3',
  CARD_TESTING_DECLINES_PER_EMAIL: '3',
  CARD_TESTING_DECLINES_PER_CARD: '1000000',
  CARD_TESTING_ALARM_SECONDS: '1800',
  CHALLENGE_DIFFICULTY: '20000',
};

const DECLINING_CARDS = ['pm_card_visa_chargeDeclined', 'pm_card_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds'];

interface Attempt {
  ip: string;
  email: string;
  card: string;
}

function startDonation(stack: Stack, campaignId: string, from: { ip: string; email: string; challenge?: string }): Promise<HttpResult> {
  return stack.app.request('POST', `/api/campaigns/${campaignId}/donations`, {
    body: { amount: 1000, currency: 'jpy', email: from.email, challenge: from.challenge },
    headers: { 'x-forwarded-for': from.ip },
  });
}

/** A card tester's try: start a donation, then a card at Stripe. 'refused' when Kizuna would not start it. */
async function attempt(stack: Stack, campaignId: string, a: Attempt): Promise<{ outcome: 'declined' | 'refused'; code?: string }> {
  const created = await startDonation(stack, campaignId, a);
  if (created.status !== 201) return { outcome: 'refused', code: created.body.code };
  try {
    await stack.stripe.paymentIntents.confirm(created.body.paymentIntentId, { payment_method: a.card });
  } catch (error) {
    if ((error as Stripe.errors.StripeError).code === 'card_declined') return { outcome: 'declined' };
    throw error;
  }
  throw new Error(`${a.card} was not declined`);
}

/** What the donation form does while the alarm is on: fetch a challenge, solve it, send the ALTCHA payload. */
async function solvedChallenge(stack: Stack): Promise<string> {
  const asked = await stack.app.request('GET', '/api/donations/challenge');
  expect(asked.status).toBe(200);
  expect(asked.body.required).toBe(true);
  const solution = await solveChallenge({ challenge: asked.body.challenge, deriveKey });
  expect(solution).not.toBeNull();
  return Buffer.from(JSON.stringify({ challenge: asked.body.challenge, solution })).toString('base64');
}

const declineCount = async (stack: Stack) => (await stack.app.sql<{ n: number }>('SELECT count(*)::int AS n FROM card_declines'))[0].n;

describe('a card-testing wave', () => {
  let stack: Stack;
  let campaignId: string;
  let declined = 0;
  const refused: string[] = [];
  beforeAll(async () => {
    // Every webhook twice and out of order, as Stripe may: each decline must still count once.
    stack = await startStack({ withoutWorker: true, duplicates: 2, shuffle: true, env: THRESHOLDS });
    campaignId = await activeCampaign(stack.app, await stack.app.staffToken('coordinator'), { currency: 'jpy' });
  });
  afterAll(() => stack.close());

  it('is declined a couple of hundred times, then turns the challenge on and is refused without it', async () => {
    const challengeBefore = await stack.app.request('GET', '/api/donations/challenge');
    expect(challengeBefore.body).toEqual({ required: false });

    // 320 cards from 160 addresses, each used twice at most (under the per-address threshold), and 320 made-up emails.
    const attempts: Attempt[] = Array.from({ length: 320 }, (_, i) => ({
      ip: `${i % 160 < 80 ? '198.51.100' : '203.0.113'}.${(i % 80) + 1}`,
      email: `carder${i}@mail.example`,
      card: DECLINING_CARDS[i % DECLINING_CARDS.length],
    }));
    for (let i = 0; i < attempts.length; i += 8) {
      const results = await Promise.all(attempts.slice(i, i + 8).map((a) => attempt(stack, campaignId, a)));
      declined += results.filter((r) => r.outcome === 'declined').length;
      refused.push(...results.filter((r) => r.outcome === 'refused').map((r) => r.code!));
    }
    // Webhooks arrive a moment after each decline, so a few tries slip past the threshold before they are in.
    expect(declined).toBeGreaterThanOrEqual(200);
    expect(refused.length).toBeGreaterThan(50);
    expect(new Set(refused)).toEqual(new Set(['challenge_required']));
    expect(declined + refused.length).toBe(320);

    await waitUntil('every decline recorded', async () => (await declineCount(stack)) === declined);

    const before = (await stack.app.sql<{ n: number }>('SELECT count(*)::int AS n FROM donations'))[0].n;
    const bare = await startDonation(stack, campaignId, { ip: '192.0.2.10', email: 'someone-new@example.jp' });
    expect(bare.status).toBe(403);
    expect(bare.body).toEqual({ statusCode: 403, error: 'Forbidden', message: expect.stringContaining('challenge'), code: 'challenge_required' });
    const forged = Buffer.from(JSON.stringify({ challenge: { parameters: { algorithm: 'SHA-256' }, signature: 'ab' }, solution: { counter: 1, derivedKey: 'ab' } })).toString(
      'base64',
    );
    const wrong = await startDonation(stack, campaignId, { ip: '192.0.2.10', email: 'someone-new@example.jp', challenge: forged });
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 403, code: 'challenge_invalid' });
    expect((await stack.app.sql<{ n: number }>('SELECT count(*)::int AS n FROM donations'))[0].n).toBe(before);
  });

  it('lets a real donor who solves the challenge give, once per solved challenge', async () => {
    const challenge = await solvedChallenge(stack);
    const created = await startDonation(stack, campaignId, { ip: '192.0.2.20', email: 'hanako@example.jp', challenge });
    expect(created.status).toBe(201);
    const intent = await stack.stripe.paymentIntents.confirm(created.body.paymentIntentId, { payment_method: 'pm_card_visa' });
    expect(intent.status).toBe('succeeded');
    const status = await waitUntil('the gift to succeed', async () => {
      const seen = await stack.app.request('GET', `/api/donations/${created.body.donationId}/status?token=${created.body.statusToken}`);
      return seen.body.status === 'succeeded' ? seen.body : null;
    });
    expect(status).toMatchObject({ status: 'succeeded', amount: 1000, currency: 'jpy' });
    const totals = await stack.app.request('GET', `/api/campaigns/${campaignId}/totals`);
    expect(totals.body).toMatchObject({ raisedAmount: 1000, donationCount: 1 });

    // The same solution again, even for another donor: refused, so a tester cannot reuse one solved challenge.
    const replay = await startDonation(stack, campaignId, { ip: '192.0.2.21', email: 'taro@example.jp', challenge });
    expect({ status: replay.status, code: replay.body.code }).toEqual({ status: 403, code: 'challenge_invalid' });
  });

  it('shows staff the alarm and its numbers, with addresses and emails masked', async () => {
    expect((await stack.app.request('GET', '/api/security/card-testing')).status).toBe(401);
    for (const role of ['finance', 'coordinator'] as const) {
      const seen = await stack.app.request('GET', '/api/security/card-testing', { token: await stack.app.staffToken(role) });
      expect(seen.status).toBe(200);
      const report = seen.body;
      expect(report.alarm).toEqual({ on: true, since: expect.any(String), until: expect.any(String), reason: 'site_declines' });
      const since = Date.parse(report.alarm.since);
      expect(Date.now() - since).toBeLessThan(120_000);
      expect(Date.parse(report.alarm.until) - Date.now()).toBeGreaterThan(1700_000);
      expect(report.siteDeclines).toBe(declined);
      expect(report.thresholds).toEqual({
        windowSeconds: 600,
        siteDeclines: 200,
        declinesPerIp: 3,
        declinesPerEmail: 3,
        declinesPerCard: 1000000,
        alarmSeconds: 1800,
        challengeDifficulty: 20000,
      });
      expect(report.topIps[0]).toEqual({ value: expect.stringMatching(/^(198\.51\.100|203\.0\.113)\.x$/), declines: 2, overThreshold: false });
      expect(report.topEmails[0]).toEqual({ value: 'c•••@mail.example', declines: 1, overThreshold: false });
      expect(report.topCards.map((c: { declines: number }) => c.declines).reduce((a: number, b: number) => a + b, 0)).toBe(declined);
      expect(seen.text).not.toMatch(/198\.51\.100\.\d|203\.0\.113\.\d|carder\d|emu\d{4}/);
    }
  });
});

describe('declines from one address, one email or one card', () => {
  let stack: Stack;
  let campaignId: string;
  beforeAll(async () => {
    stack = await startStack({ withoutWorker: true, env: { ...THRESHOLDS, CARD_TESTING_DECLINES_PER_CARD: '8' } });
    campaignId = await activeCampaign(stack.app, await stack.app.staffToken('coordinator'), { currency: 'jpy' });
  });
  afterAll(() => stack.close());

  it('refuses new donations from an address with 3 declines (429, Retry-After), while its neighbours still give', async () => {
    for (let i = 0; i < 3; i++) {
      const tried = await attempt(stack, campaignId, { ip: '198.51.100.7', email: `one-address-${i}@mail.example`, card: 'pm_card_chargeDeclined' });
      expect(tried.outcome).toBe('declined');
    }
    await waitUntil('three declines recorded', async () => (await declineCount(stack)) === 3);
    const refused = await startDonation(stack, campaignId, { ip: '198.51.100.7', email: 'fresh@mail.example' });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('declined cards'), code: 'too_many_declines' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect((await startDonation(stack, campaignId, { ip: '198.51.100.8', email: 'neighbour@mail.example' })).status).toBe(201);
  });

  it('refuses new donations for an email with 3 declines, from any address and in any case', async () => {
    for (let i = 0; i < 3; i++) {
      const tried = await attempt(stack, campaignId, { ip: `203.0.113.${40 + i}`, email: 'Tester@Mail.example', card: 'pm_card_visa_chargeDeclined' });
      expect(tried.outcome).toBe('declined');
    }
    await waitUntil('six declines recorded', async () => (await declineCount(stack)) === 6);
    const refused = await startDonation(stack, campaignId, { ip: '203.0.113.99', email: 'TESTER@mail.example' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 429, code: 'too_many_declines' });
    expect((await stack.app.request('GET', '/api/donations/challenge')).body).toEqual({ required: false });
  });

  it('turns the alarm on when one card is declined 8 times, whatever addresses and emails it comes with', async () => {
    // The email test above declined this card 3 times already.
    for (let i = 0; i < 5; i++) {
      expect((await stack.app.request('GET', '/api/donations/challenge')).body).toEqual({ required: false });
      const tried = await attempt(stack, campaignId, { ip: `192.0.2.${50 + i}`, email: `same-card-${i}@mail.example`, card: 'pm_card_visa_chargeDeclined' });
      expect(tried.outcome).toBe('declined');
      await waitUntil('the decline recorded', async () => (await declineCount(stack)) === 7 + i);
    }
    expect((await stack.app.request('GET', '/api/donations/challenge')).body.required).toBe(true);
    const report = await stack.app.request('GET', '/api/security/card-testing', { token: await stack.app.staffToken('finance') });
    expect(report.body.alarm).toMatchObject({ on: true, reason: 'card_declines' });
    expect(report.body.siteDeclines).toBe(11);
    expect(report.body.topCards).toEqual([
      { value: 'emu0…sa', declines: 8, overThreshold: true },
      { value: 'emu0…sa', declines: 3, overThreshold: false },
    ]);
    expect((await startDonation(stack, campaignId, { ip: '192.0.2.80', email: 'after@mail.example' })).body.code).toBe('challenge_required');
  });
});
