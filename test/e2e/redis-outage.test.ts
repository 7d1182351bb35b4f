import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startRedis, type RunningService } from '../../tools/local/infra.js';
import { TestApp, startTestApp } from '../support/app.js';

describe('the API while Redis is down', () => {
  let redis: RunningService;
  let app: TestApp;
  beforeAll(async () => {
    // A Redis of its own, stopped below: the other test files share the run's Redis.
    redis = await startRedis({ dataDir: mkdtempSync(join(tmpdir(), 'kizuna-redis-')), port: await freePort(), persist: false });
    app = await startTestApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await app.close();
    await redis.stop();
  });

  it('answers a login (rate-limited in Redis) with 503, not 500, as readiness does', async () => {
    await redis.stop();
    const login = await app.request('POST', '/api/auth/login', { body: { email: 'someone@test.kizuna', password: 'some-password-123' } });
    expect(login.status).toBe(503);
    expect(login.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'Redis is unavailable; try again shortly', code: 'redis_unavailable' });
    expect((await app.request('GET', '/health/ready')).status).toBe(503);
  });
});
