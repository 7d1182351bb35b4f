import { TestApp, startTestApp } from '../support/app.js';

const campaign = { title: 'Flood relief', disasterType: 'flood', region: 'Kyushu', currency: 'jpy', goalAmount: 1_000_000 };

describe('role matrix', () => {
  let app: TestApp;
  let admin: string;
  let coordinator: string;
  let finance: string;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.login();
    coordinator = await app.staffToken('coordinator');
    finance = await app.staffToken('finance');
  });
  afterAll(() => app.close());

  it('answers 401 to a staff route called without a token', async () => {
    const result = await app.request('POST', '/api/campaigns', { body: campaign });
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('access token'), code: 'missing_token' });
  });

  it('answers 403 to a coordinator creating a user, and creates nobody', async () => {
    const result = await app.request('POST', '/api/users', { token: coordinator, body: { email: 'new@test.kizuna', password: 'long-enough-password', role: 'admin' } });
    expect(result.status).toBe(403);
    expect(result.body.message).toMatch(/admin/);
    expect(await app.sql(`SELECT 1 FROM users WHERE email = 'new@test.kizuna'`)).toHaveLength(0);
  });

  it('answers 403 to a finance user creating a campaign, and creates nothing', async () => {
    const result = await app.request('POST', '/api/campaigns', { token: finance, body: campaign });
    expect(result.status).toBe(403);
    expect(await app.sql('SELECT 1 FROM campaigns')).toHaveLength(0);
  });

  it('lets a coordinator and an admin create campaigns', async () => {
    expect((await app.request('POST', '/api/campaigns', { token: coordinator, body: campaign })).status).toBe(201);
    expect((await app.request('POST', '/api/campaigns', { token: admin, body: campaign })).status).toBe(201);
  });

  it('lets an admin create users of every role, once per email, with a hashed password', async () => {
    const body = { email: 'Finance.Two@Test.Kizuna', password: 'long-enough-password', role: 'finance' };
    const created = await app.request('POST', '/api/users', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), email: 'finance.two@test.kizuna', role: 'finance' });
    const [row] = await app.sql(`SELECT password_hash FROM users WHERE email = 'finance.two@test.kizuna'`);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const again = await app.request('POST', '/api/users', { token: admin, body: { ...body, email: 'finance.two@test.kizuna' } });
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/email/);
  });

  it('refuses an unknown role, a bad email and a short password, naming each field', async () => {
    const result = await app.request('POST', '/api/users', { token: admin, body: { email: 'not-an-email', password: 'short', role: 'owner' } });
    expect(result.status).toBe(400);
    expect(result.body.message).toMatch(/email must be a valid email/);
    expect(result.body.message).toMatch(/password must be longer than or equal to 12/);
    expect(result.body.message).toMatch(/role must be one of: admin, coordinator, finance/);
  });
});
