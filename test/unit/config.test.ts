import { parseConfig } from '../../src/config/load-config.js';
import { COMPLETE_ENV } from '../support/complete-env.js';

const complete = COMPLETE_ENV;

describe('configuration', () => {
  it('parses a complete environment with defaults', () => {
    const config = parseConfig(complete);
    expect(config.PORT).toBe(3000);
    expect(config.STRIPE_API_BASE).toBeUndefined();
    expect(config.REDIS_PREFIX).toBe('kizuna');
  });

  it.each(Object.keys(complete))('names %s when it is missing', (name) => {
    const env: Record<string, string | undefined> = { ...complete, [name]: undefined };
    expect(() => parseConfig(env)).toThrow(`Configuration error: ${name} is missing`);
  });

  it('treats an empty value as missing', () => {
    expect(() => parseConfig({ ...complete, SMTP_URL: '' })).toThrow('Configuration error: SMTP_URL is missing');
  });

  it('takes an IANA time zone for ORG_TIMEZONE, Asia/Tokyo by default, and refuses anything else', () => {
    expect(parseConfig(complete).ORG_TIMEZONE).toBe('Asia/Tokyo');
    expect(parseConfig({ ...complete, ORG_TIMEZONE: 'Europe/London' }).ORG_TIMEZONE).toBe('Europe/London');
    for (const zone of ['Asia/Tokio', '+09:00', 'JST-9', 'Asia/Tokyo; DROP']) {
      expect(() => parseConfig({ ...complete, ORG_TIMEZONE: zone })).toThrow('ORG_TIMEZONE must be an IANA time zone');
    }
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => parseConfig({ ...complete, ADMIN_EMAIL: 'a@b.org' })).toThrow('ADMIN_PASSWORD is missing');
    expect(parseConfig({ ...complete, ADMIN_EMAIL: 'a@b.org', ADMIN_PASSWORD: 'twelve-chars-ok' }).ADMIN_EMAIL).toBe('a@b.org');
  });
});

describe('.env.example', () => {
  it('lists every variable of the config schema, each with a comment above it', async () => {
    const { readFileSync } = await import('node:fs');
    const { configFields } = await import('../../src/config/config.schema.js');
    const lines = readFileSync('.env.example', 'utf8').split('\n');
    for (const name of Object.keys(configFields.shape)) {
      const index = lines.findIndex((line) => line.startsWith(`${name}=`));
      expect({ name, listed: index >= 0, commented: lines[index - 1]?.startsWith('#') }).toEqual({ name, listed: true, commented: true });
    }
  });
});
