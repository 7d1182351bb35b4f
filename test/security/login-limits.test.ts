import { TEST_ADMIN, type TestApp, startTestApp } from '../support/app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let forgedCount = 0;
/** A new documentation address (RFC 5737) for each request, as an attacker rotating X-Forwarded-For would send. */
const forged = () => {
  forgedCount += 1;
  return { 'x-forwarded-for': `203.0.${Math.floor(forgedCount / 250)}.${(forgedCount % 250) + 1}` };
};

async function createStaff(app: TestApp, email: string, password: string): Promise<void> {
  const created = await app.request('POST', '/api/users', { token: await app.login(), body: { email, password, role: 'coordinator' } });
  expect(created.status).toBe(201);
}

const login = (app: TestApp, email: string, password: string, headers: Record<string, string> = forged()) =>
  app.request('POST', '/api/auth/login', { body: { email, password }, headers });

describe('login attempts from forged X-Forwarded-For values, behind a trusted proxy', () => {
  let app: TestApp;
  beforeAll(async () => {
    // The proxy on loopback is trusted, so each forged header is a new client address for the API.
    app = await startTestApp({ TRUST_PROXY: 'loopback', LOGIN_FAILURES_PER_ACCOUNT: '5', LOGIN_BLOCK_SECONDS: '1', LOGIN_BLOCK_MAX_SECONDS: '4' });
  });
  afterAll(() => app.close());

  it('hit the per-account limit: even the right password is refused until the delay passes, and the delay doubles', async () => {
    const email = 'target@test.kizuna';
    const password = 'the-right-password-123';
    await createStaff(app, email, password);

    const guesses = [];
    for (let i = 0; i < 5; i++) guesses.push((await login(app, email, `guess-${i}`)).status);
    expect(guesses).toEqual([401, 401, 401, 401, 401]);

    const refused = await login(app, email, password);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('Too many login attempts'), code: 'too_many_logins' });
    expect(refused.headers.get('retry-after')).toBe('1');

    // Another account is not held by this one's limit, from a forged address or not.
    expect((await login(app, TEST_ADMIN.email, TEST_ADMIN.password)).status).toBe(200);

    // Each failure past the allowance doubles the delay (1 s, 2 s, then the 4 s cap); refused attempts do not count.
    let wait = 1;
    for (const next of [2, 4, 4]) {
      await sleep(wait * 1_000 + 150);
      expect((await login(app, email, 'another-guess')).status).toBe(401);
      const held = await login(app, email, password);
      expect({ status: held.status, retryAfter: held.headers.get('retry-after') }).toEqual({ status: 429, retryAfter: String(next) });
      wait = next;
    }
    await sleep(wait * 1_000 + 150);
    const after = await login(app, email, password);
    expect(after.status).toBe(200);
    expect(after.body.user.email).toBe(email);
  }, 30_000);

  it('refuses a burst of parallel guesses before hashing them: no more get checked than the allowance', async () => {
    // A delay that outlasts the burst: with the one-second delay above, a burst slowed down by a busy machine could
    // outlive the first delay and have one more guess checked, which would say nothing about the limit.
    const burstApp = await startTestApp({ TRUST_PROXY: 'loopback', LOGIN_FAILURES_PER_ACCOUNT: '5', LOGIN_BLOCK_SECONDS: '60', LOGIN_BLOCK_MAX_SECONDS: '60' });
    try {
      const email = 'burst@test.kizuna';
      await createStaff(burstApp, email, 'burst-password-123');
      const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => login(burstApp, email, `parallel-guess-${i}`).then((r) => r.status)));
      const checked = statuses.filter((s) => s === 401).length;
      expect(checked).toBeGreaterThanOrEqual(1);
      expect(checked).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20 - checked);
      expect((await login(burstApp, email, 'burst-password-123')).status).toBe(429);
    } finally {
      await burstApp.close();
    }
  });
});

describe('login attempts with forged X-Forwarded-For values and no trusted proxy', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('are all counted against the real address: the 11th is refused, even with the right password', async () => {
    const email = 'victim@test.kizuna';
    const password = 'victim-password-123';
    await createStaff(app, email, password);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(app, email, `guess-${i}`)).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const refused = await login(app, email, password);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('too_many_logins');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(app, TEST_ADMIN.email, TEST_ADMIN.password)).status).toBe(200);
  });
});
