import { parseConfig } from '../../src/config/load-config.js';
import { COMPLETE_ENV } from '../support/complete-env.js';
import { weakSecretReason } from '../../src/config/secret-rules.js';
import { trustProxyOption } from '../../src/config/trust-proxy.js';

const complete = COMPLETE_ENV;

describe('NODE_ENV', () => {
  it('defaults to development and names a value it does not know', () => {
    expect(parseConfig(complete).NODE_ENV).toBe('development');
    expect(() => parseConfig({ ...complete, NODE_ENV: 'staging' })).toThrow('Configuration error: NODE_ENV must be development, test or production');
  });
});

describe('JWT_SECRET_PREVIOUS', () => {
  it('is optional, and as long as JWT_SECRET when set', () => {
    expect(parseConfig(complete).JWT_SECRET_PREVIOUS).toBeUndefined();
    expect(() => parseConfig({ ...complete, JWT_SECRET_PREVIOUS: 'short' })).toThrow('Configuration error: JWT_SECRET_PREVIOUS must be at least 32 characters');
  });
});

describe('TRUST_PROXY', () => {
  const parse = (value?: string) => parseConfig({ ...complete, TRUST_PROXY: value }).TRUST_PROXY;

  it('trusts no proxy when unset, empty or 0', () => {
    expect(parse()).toBe(false);
    expect(parse('')).toBe(false);
    expect(parse('0')).toBe(false);
  });

  it('reads a hop count', () => {
    expect(parse('1')).toEqual({ hops: 1 });
  });

  it('reads addresses and CIDR ranges, IPv4 and IPv6', () => {
    expect(parse('10.0.0.0/8, 192.168.1.7,fd00::/8,::1,loopback')).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8', '::1', 'loopback']);
  });

  it.each(['true', 'yes', '10.0.0.0/33', '10.0.0.300', '::1/129', '10.0.0.0/8/1', 'proxy.example.org', '1,', '-1', '100'])('names a malformed value %s', (value) => {
    expect(() => parse(value)).toThrow('Configuration error: TRUST_PROXY must be a hop count or comma-separated IP addresses and CIDR ranges');
  });

  it('gives Fastify a function for a hop count, which believes that many hops and no more', () => {
    const option = trustProxyOption({ hops: 1 });
    if (typeof option !== 'function') throw new Error('expected a function');
    expect([option('203.0.113.9', 0), option('203.0.113.9', 1)]).toEqual([true, false]);
    expect(trustProxyOption(false)).toBe(false);
    expect(trustProxyOption(['10.0.0.0/8'])).toEqual(['10.0.0.0/8']);
  });
});

describe('the strength of a secret (production)', () => {
  it.each([
    ['JWT_SECRET', 'a'.repeat(64)],
    ['JWT_SECRET', 'ab'.repeat(40)],
    ['JWT_SECRET', '0123456789abcdef'.repeat(3)],
    ['JWT_SECRET', 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2Fyc'],
    ['JWT_SECRET', 'correct horse battery staple and more words here'],
    ['ADMIN_PASSWORD', 'twelve-chars-ok'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_abc'],
    ['STRIPE_WEBHOOK_SECRET', `whsec_${'a'.repeat(40)}`],
  ])('%s=%s is weak', (name, value) => {
    expect(weakSecretReason(name, value)).toMatch(/^is too weak/);
  });

  it.each([
    ['JWT_SECRET', 'hA3kP9xQ2mZ7vL5tR8wY1nB4cF6gJ0dS_eU-iO3aK7q'],
    ['JWT_SECRET', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['JWT_SECRET', 'q1Lx7Wv0Jm3Zr9Kp2Ys8Tb5Nd4Hc6Gf+Ea/Uo1Ri7Pl3Mw9Qk2Xj5Vh8Bn0Cz4D='],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_Qx7aLmNd3jG8kR2pW5tY9vB1cE4fH6iJ'],
  ])('%s=%s is strong enough', (name, value) => {
    expect(weakSecretReason(name, value)).toBeUndefined();
  });
});

describe('a live Stripe key in production', () => {
  const production = {
    ...complete,
    NODE_ENV: 'production',
    JWT_SECRET: 'hA3kP9xQ2mZ7vL5tR8wY1nB4cF6gJ0dS_eU-iO3aK7q',
    STRIPE_WEBHOOK_SECRET: 'whsec_Qx7aLmNd3jG8kR2pW5tY9vB1cE4fH6iJ',
    STRIPE_SECRET_KEY: 'sk_live_abc',
  };

  it.each(['STRIPE_API_BASE', 'PUBLIC_BASE_URL'])('is refused with an http:// %s', (name) => {
    expect(() => parseConfig({ ...production, [name]: 'http://stripe.example.org' })).toThrow(
      `Configuration error: ${name} must start with https:// when STRIPE_SECRET_KEY is a live key`,
    );
    expect(() => parseConfig({ ...production, STRIPE_SECRET_KEY: 'rk_live_abc', [name]: 'http://stripe.example.org' })).toThrow(name);
  });

  it('is accepted over https, and a test key over http', () => {
    expect(parseConfig({ ...production, STRIPE_API_BASE: 'https://api.stripe.com' }).STRIPE_SECRET_KEY).toBe('sk_live_abc');
    expect(parseConfig({ ...production, STRIPE_SECRET_KEY: 'sk_test_abc', PUBLIC_BASE_URL: 'http://localhost:3000' }).NODE_ENV).toBe('production');
  });

  it('is not checked in development', () => {
    expect(parseConfig({ ...production, NODE_ENV: 'development', PUBLIC_BASE_URL: 'http://localhost:3000' }).NODE_ENV).toBe('development');
  });
});
