import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { createApi } from '../../src/app.factory.js';
import { parseConfig } from '../../src/config/load-config.js';
import { testEnv } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';

/** The real API with one extra route that answers the client address Fastify settled on. */
async function startWithIpRoute(overrides: Record<string, string>): Promise<{ app: NestFastifyApplication; ipSeen: (forwardedFor?: string) => Promise<string> }> {
  const app = await createApi(parseConfig(testEnv(await createTestDatabase(), overrides)));
  app
    .getHttpAdapter()
    .getInstance()
    .get('/test-only/ip', async (request: FastifyRequest) => ({ ip: request.ip }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as { port: number };
  const ipSeen = async (forwardedFor?: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/test-only/ip`, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });
    return ((await response.json()) as { ip: string }).ip;
  };
  return { app, ipSeen };
}

describe('TRUST_PROXY', () => {
  let app: NestFastifyApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('unset: a forged X-Forwarded-For does not change the client address', async () => {
    const started = await startWithIpRoute({});
    app = started.app;
    expect([await started.ipSeen(), await started.ipSeen('203.0.113.1'), await started.ipSeen('198.51.100.2, 203.0.113.1')]).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1']);
  });

  it('a proxy address that is not the peer is not believed either', async () => {
    const started = await startWithIpRoute({ TRUST_PROXY: '10.0.0.0/8' });
    app = started.app;
    expect(await started.ipSeen('203.0.113.1')).toBe('127.0.0.1');
  });

  it('the peer listed as a proxy: the address it forwards is the client', async () => {
    const started = await startWithIpRoute({ TRUST_PROXY: '127.0.0.1' });
    app = started.app;
    expect(await started.ipSeen('198.51.100.2, 203.0.113.1')).toBe('203.0.113.1');
  });

  it('one hop: the address the nearest proxy adds is the client, whatever the client put before it', async () => {
    const started = await startWithIpRoute({ TRUST_PROXY: '1' });
    app = started.app;
    expect([await started.ipSeen('203.0.113.1'), await started.ipSeen('198.51.100.2, 203.0.113.1')]).toEqual(['203.0.113.1', '203.0.113.1']);
  });
});
