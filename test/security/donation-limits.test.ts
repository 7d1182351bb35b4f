import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, type RunningService, startRedis } from '../../tools/local/infra.js';
import { type HttpResult, type TestApp, startTestApp } from '../support/app.js';
import { type Stack, activeCampaign, startStack } from '../support/stack.js';

/** Production-like limits, small enough to reach; the proxy on loopback is trusted so a test can speak from several addresses. */
const LIMITS = { TRUST_PROXY: 'loopback', DONATIONS_PER_IP_PER_MINUTE: '3', DONATIONS_PER_EMAIL_PER_MINUTE: '2' };

let n = 0;
const unique = (what: string) => `${what}-${++n}`;
const address = () => `198.51.100.${++n}`;
const email = () => `${unique('donor')}@example.org`;

function donate(app: TestApp, campaignId: string, from: { ip: string; email: string; idempotencyKey?: string }): Promise<HttpResult> {
  const headers: Record<string, string> = { 'x-forwarded-for': from.ip };
  if (from.idempotencyKey) headers['idempotency-key'] = from.idempotencyKey;
  return app.request('POST', `/api/campaigns/${campaignId}/donations`, { body: { amount: 5000, currency: 'jpy', email: from.email }, headers });
}

function expectRefused(result: HttpResult): void {
  expect(result.status).toBe(429);
  expect(result.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('Too many donations'), code: 'too_many_donations' });
  const retryAfter = Number(result.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe('donation creation limits', () => {
  let stack: Stack;
  let campaign: string;
  const donations = async () => (await stack.app.sql<{ n: number }>('SELECT count(*)::int AS n FROM donations'))[0].n;
  beforeAll(async () => {
    stack = await startStack({ withoutWorker: true, env: LIMITS });
    campaign = await activeCampaign(stack.app, await stack.app.staffToken('coordinator'), { currency: 'jpy' });
  });
  afterAll(() => stack.close());

  it('refuses the 4th donation a minute from one address with 429, Retry-After and no new row; another address still gives', async () => {
    const ip = address();
    for (let i = 0; i < 3; i++) expect((await donate(stack.app, campaign, { ip, email: email() })).status).toBe(201);
    const before = await donations();
    expectRefused(await donate(stack.app, campaign, { ip, email: email() }));
    expect(await donations()).toBe(before);
    expect((await donate(stack.app, campaign, { ip: address(), email: email() })).status).toBe(201);
  });

  it('refuses the 3rd donation a minute for one email, from any address; another email still gives', async () => {
    const same = email();
    for (let i = 0; i < 2; i++) expect((await donate(stack.app, campaign, { ip: address(), email: same })).status).toBe(201);
    expectRefused(await donate(stack.app, campaign, { ip: address(), email: same.toUpperCase() }));
    expect((await donate(stack.app, campaign, { ip: address(), email: email() })).status).toBe(201);
  });

  it('does not count a retry with the same Idempotency-Key again', async () => {
    const ip = address();
    const first = { ip, email: email(), idempotencyKey: unique('key') };
    const created = await donate(stack.app, campaign, first);
    expect(created.status).toBe(201);
    for (let i = 0; i < 4; i++) {
      const retry = await donate(stack.app, campaign, first);
      expect({ status: retry.status, donationId: retry.body.donationId }).toEqual({ status: 201, donationId: created.body.donationId });
    }
    expect((await donate(stack.app, campaign, { ip, email: email(), idempotencyKey: unique('key') })).status).toBe(201);
    expect((await donate(stack.app, campaign, { ip, email: email(), idempotencyKey: unique('key') })).status).toBe(201);
    expectRefused(await donate(stack.app, campaign, { ip, email: email(), idempotencyKey: unique('key') }));
  });
});

describe('limits across two API processes sharing one Redis', () => {
  let stack: Stack;
  let second: TestApp;
  let campaign: string;
  beforeAll(async () => {
    const logins = { LOGIN_FAILURES_PER_ACCOUNT: '4', LOGIN_BLOCK_SECONDS: '60' };
    stack = await startStack({ withoutWorker: true, env: { ...LIMITS, ...logins } });
    const first = stack.app.config;
    // The same database and Redis prefix: a second replica of the same deployment.
    second = await startTestApp({
      ...LIMITS,
      ...logins,
      DATABASE_URL: first.DATABASE_URL,
      REDIS_PREFIX: first.REDIS_PREFIX,
      STRIPE_API_BASE: first.STRIPE_API_BASE!,
      STRIPE_WEBHOOK_SECRET: first.STRIPE_WEBHOOK_SECRET,
      SMTP_URL: first.SMTP_URL,
    });
    campaign = await activeCampaign(stack.app, await stack.app.staffToken('coordinator'), { currency: 'jpy' });
  });
  afterAll(async () => {
    await second?.close();
    await stack?.close();
  });

  it('count donations from one address together, whichever process answers', async () => {
    const ip = address();
    const apps = [stack.app, second, stack.app];
    for (const app of apps) expect((await donate(app, campaign, { ip, email: email() })).status).toBe(201);
    expectRefused(await donate(second, campaign, { ip, email: email() }));
    expectRefused(await donate(stack.app, campaign, { ip, email: email() }));
  });

  it('count failed logins for one account together, whichever process answers', async () => {
    const account = 'shared@test.kizuna';
    const password = 'shared-password-123';
    const created = await stack.app.request('POST', '/api/users', { token: await stack.app.login(), body: { email: account, password, role: 'finance' } });
    expect(created.status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const app = i % 2 === 0 ? stack.app : second;
      statuses.push((await app.request('POST', '/api/auth/login', { body: { email: account, password: `guess-${i}` }, headers: { 'x-forwarded-for': address() } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
    for (const app of [stack.app, second]) {
      const refused = await app.request('POST', '/api/auth/login', { body: { email: account, password }, headers: { 'x-forwarded-for': address() } });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 429, code: 'too_many_logins' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50);
    }
  });
});

describe('donation limits while Redis is away', () => {
  let redis: RunningService;
  let stack: Stack;
  let campaign: string;
  let port: number;
  const startOwnRedis = () => startRedis({ dataDir: mkdtempSync(join(tmpdir(), 'kizuna-redis-')), port, persist: false });
  beforeAll(async () => {
    // A Redis of its own, stopped below: the other test files share the run's Redis.
    port = await freePort();
    redis = await startOwnRedis();
    stack = await startStack({ withoutWorker: true, env: { ...LIMITS, REDIS_URL: redis.url } });
    campaign = await activeCampaign(stack.app, await stack.app.staffToken('coordinator'), { currency: 'jpy' });
  });
  afterAll(async () => {
    await stack?.close();
    await redis?.stop();
  });

  it('keeps taking gifts, counted by each process on its own with the same limits', async () => {
    await redis.stop();
    const ip = address();
    for (let i = 0; i < 3; i++) expect((await donate(stack.app, campaign, { ip, email: email() })).status).toBe(201);
    expectRefused(await donate(stack.app, campaign, { ip, email: email() }));
    expect((await donate(stack.app, campaign, { ip: address(), email: email() })).status).toBe(201);
    // Back on the same port, so the API's queues can close.
    redis = await startOwnRedis();
  });
});
