import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApi } from '../../src/app.factory.js';
import { TokenService } from '../../src/auth/token.service.js';
import { type KeySecrets, purposeKeys } from '../../src/common/purpose-keys.js';
import { isValidSignedToken, signedToken } from '../../src/common/signed-token.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { parseConfig } from '../../src/config/load-config.js';
import { STATUS_TOKEN } from '../../src/donations/donation-intents.service.js';
import { isValidUnsubscribeToken, unsubscribeUrl } from '../../src/notifications/unsubscribe-token.js';
import { TEST_ADMIN, testEnv } from '../support/app.js';
import { createTestDatabase } from '../support/database.js';
import { strongSecrets } from './secret-files.js';

const OLD = strongSecrets().JWT_SECRET;
const NEW = strongSecrets().JWT_SECRET;
const before: KeySecrets = { JWT_SECRET: OLD };
const during: KeySecrets = { JWT_SECRET: NEW, JWT_SECRET_PREVIOUS: OLD };
const after: KeySecrets = { JWT_SECRET: NEW };
const donationId = randomUUID();

const jwt = new JwtService({ signOptions: { algorithm: 'HS256', expiresIn: '12h' }, verifyOptions: { algorithms: ['HS256'] } });
const tokens = (secrets: KeySecrets) => new TokenService(jwt, secrets as AppConfig);
const staff = { id: randomUUID(), email: 'coordinator@test.kizuna', role: 'coordinator' as const, sessionId: randomUUID() };

describe('a rotation of JWT_SECRET', () => {
  it('keeps a staff token signed before it valid while JWT_SECRET_PREVIOUS is set, and refuses it after', () => {
    const token = tokens(before).issue(staff);
    expect(tokens(during).verify(token)).toEqual(staff);
    expect(() => tokens(after).verify(token)).toThrow('The access token is missing, invalid or expired');
  });

  it('keeps a donation status link signed before it valid while JWT_SECRET_PREVIOUS is set, and refuses it after', () => {
    const token = signedToken(purposeKeys(before, STATUS_TOKEN), donationId);
    expect(isValidSignedToken(purposeKeys(during, STATUS_TOKEN), donationId, token)).toBe(true);
    expect(isValidSignedToken(purposeKeys(after, STATUS_TOKEN), donationId, token)).toBe(false);
  });

  it('keeps an unsubscribe link signed before it valid while JWT_SECRET_PREVIOUS is set, and refuses it after', () => {
    const token = new URL(unsubscribeUrl('https://give.example.org', before, donationId)).searchParams.get('token')!;
    expect(isValidUnsubscribeToken(during, donationId, token)).toBe(true);
    expect(isValidUnsubscribeToken(after, donationId, token)).toBe(false);
  });

  it('signs with the new secret only', () => {
    const token = tokens(during).issue(staff);
    expect(tokens(after).verify(token)).toEqual(staff);
    expect(() => tokens(before).verify(token)).toThrow('invalid');
    expect(isValidUnsubscribeToken(after, donationId, new URL(unsubscribeUrl('https://x.org', during, donationId)).searchParams.get('token')!)).toBe(true);
  });
});

describe('keys per purpose', () => {
  it('derives a different key for each purpose, none of them the secret itself', () => {
    const keys = (['staff-token', 'donation-status', 'unsubscribe'] as const).map((purpose) => purposeKeys(after, purpose).signing.toString('hex'));
    expect(new Set([...keys, Buffer.from(NEW).toString('hex')]).size).toBe(4);
  });

  it('refuses a status token as an unsubscribe token and the other way round, for the same id', () => {
    const status = signedToken(purposeKeys(during, STATUS_TOKEN), donationId);
    const unsubscribe = new URL(unsubscribeUrl('https://x.org', during, donationId)).searchParams.get('token')!;
    expect(isValidUnsubscribeToken(during, donationId, status)).toBe(false);
    expect(isValidSignedToken(purposeKeys(during, STATUS_TOKEN), donationId, unsubscribe)).toBe(false);
  });

  it('refuses a JWT signed with another purpose’s key, or with the secret itself, as a staff token', () => {
    const claims = { sub: staff.id, email: staff.email, role: staff.role };
    for (const secret of [purposeKeys(after, 'unsubscribe').signing, purposeKeys(after, STATUS_TOKEN).signing, NEW]) {
      expect(() => tokens(during).verify(jwt.sign(claims, { secret }))).toThrow('invalid');
    }
  });

  it('refuses a token for another id, and one written differently', () => {
    const token = signedToken(purposeKeys(after, STATUS_TOKEN), donationId);
    expect(isValidSignedToken(purposeKeys(after, STATUS_TOKEN), randomUUID(), token)).toBe(false);
    expect(isValidSignedToken(purposeKeys(after, STATUS_TOKEN), donationId, `${token}=`)).toBe(false);
  });
});

/** The real API before, during and after a rotation, on one database. */
describe('the API across a rotation', () => {
  let databaseUrl: string;
  let running: NestFastifyApplication | undefined;
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  const start = async (secrets: KeySecrets) => {
    const config = parseConfig(
      testEnv(databaseUrl, { JWT_SECRET: secrets.JWT_SECRET, ...(secrets.JWT_SECRET_PREVIOUS ? { JWT_SECRET_PREVIOUS: secrets.JWT_SECRET_PREVIOUS } : {}) }),
    );
    running = await createApi(config);
    await running.listen({ port: 0, host: '127.0.0.1' });
    const { port } = running.getHttpServer().address() as { port: number };
    return `http://127.0.0.1:${port}`;
  };
  const stop = async () => {
    await running?.close();
    running = undefined;
  };
  // A staff route that answers 404 to staff for an unknown donation, and 401 to anyone else.
  const staffStatus = (base: string, token: string) => fetch(`${base}/api/donations/${randomUUID()}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
  const unsubscribePage = (base: string, link: string) => fetch(`${base}${new URL(link).pathname}${new URL(link).search}`).then((r) => r.status);

  it('accepts the old staff token and unsubscribe link during the rotation, and refuses them once JWT_SECRET_PREVIOUS is gone', async () => {
    const oldBase = await start(before);
    const login = await fetch(`${oldBase}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const link = unsubscribeUrl(oldBase, before, randomUUID());
    expect([await staffStatus(oldBase, accessToken), await unsubscribePage(oldBase, link)]).toEqual([404, 200]);
    await stop();

    const rotating = await start(during);
    expect([await staffStatus(rotating, accessToken), await unsubscribePage(rotating, link)]).toEqual([404, 200]);
    await stop();

    const rotated = await start(after);
    expect([await staffStatus(rotated, accessToken), await unsubscribePage(rotated, link)]).toEqual([401, 400]);
  });
});
