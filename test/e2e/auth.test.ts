import { TEST_ADMIN, TestApp, startTestApp } from '../support/app.js';

describe('staff login', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('returns a token and the user for the first admin created from ADMIN_EMAIL/ADMIN_PASSWORD', async () => {
    const result = await app.request('POST', '/api/auth/login', { body: { email: 'Admin@Test.Kizuna', password: TEST_ADMIN.password } });
    expect(result.status).toBe(200);
    expect(result.body.user).toEqual({ id: expect.any(String), email: TEST_ADMIN.email, role: 'admin', language: null });
    expect(result.body.accessToken.split('.')).toHaveLength(3);
  });

  it("keeps the staff pages' language each account chooses for itself, and answers it at the next login", async () => {
    const token = await app.staffToken('coordinator');
    const { email } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect((await app.request('PATCH', '/api/auth/language', { token, body: { language: 'fr' } })).status).toBe(400);
    expect((await app.request('PATCH', '/api/auth/language', { body: { language: 'en' } })).status).toBe(401);
    expect((await app.request('PATCH', '/api/auth/language', { token, body: { language: 'en' } })).status).toBe(204);
    const login = await app.request('POST', '/api/auth/login', { body: { email, password: 'coordinator-password-123' } });
    expect(login.body.user).toMatchObject({ email, role: 'coordinator', language: 'en' });
    const admin = await app.request('POST', '/api/auth/login', { body: { email: TEST_ADMIN.email, password: TEST_ADMIN.password } });
    expect(admin.body.user.language).toBeNull();
  });

  it('answers 401 with the same message for a wrong password and an unknown email', async () => {
    const wrongPassword = await app.request('POST', '/api/auth/login', { body: { email: TEST_ADMIN.email, password: 'not-the-password' } });
    const unknownEmail = await app.request('POST', '/api/auth/login', { body: { email: 'nobody@test.kizuna', password: TEST_ADMIN.password } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password', code: 'invalid_credentials' });
    expect(unknownEmail.body).toEqual(wrongPassword.body);
  });

  it('answers 429 with Retry-After after 10 failed attempts from one IP for one email, and still lets other emails in', async () => {
    const email = 'victim@test.kizuna';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await app.request('POST', '/api/auth/login', { body: { email, password: `guess-${i}` } })).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    const limited = await app.request('POST', '/api/auth/login', { body: { email, password: 'another-guess' } });
    expect(limited.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('Too many login attempts'), code: 'too_many_logins' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await app.request('POST', '/api/auth/login', { body: TEST_ADMIN })).status).toBe(200);
  });

  it('rejects a token signed with another secret and a malformed login body', async () => {
    const forged = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl';
    const result = await app.request('POST', '/api/users', { token: forged, body: { email: 'x@test.kizuna', password: 'long-enough-password', role: 'admin' } });
    expect(result.status).toBe(401);
    const bad = await app.request('POST', '/api/auth/login', { body: { email: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/email/);
    expect(bad.body.message).toMatch(/password/);
  });
});
