import { isIP } from 'node:net';
import { z } from 'zod';

// The names proxy-addr (Fastify's trustProxy) knows for the private ranges.
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Which proxies' X-Forwarded-For the API believes: none, the nearest `hops` whatever their address, or these addresses. */
export type TrustProxy = false | { hops: number } | string[];

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

export const trustProxySchema = z
  .string()
  .optional()
  .transform((value, context): TrustProxy => {
    if (value === undefined) return false;
    if (/^\d{1,2}$/.test(value)) return Number(value) === 0 ? false : { hops: Number(value) };
    const entries = value.split(',').map((entry) => entry.trim());
    if (entries.every(isAddressOrRange)) return entries;
    context.addIssue({ code: 'custom', message: 'must be a hop count or comma-separated IP addresses and CIDR ranges' });
    return z.NEVER;
  });

/**
 * Fastify's trustProxy option. Fastify treats a number as "trust none", since a client that reaches the API directly
 * could forge the hops; a hop count is for an API reachable only through its proxies, so it is a function here.
 */
export function trustProxyOption(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (trust === false || Array.isArray(trust)) return trust;
  return (_address, hop) => hop < trust.hops;
}
