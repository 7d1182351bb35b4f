import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PurposeKeys } from './purpose-keys.js';

function mac(key: Buffer, purpose: string, id: string): Buffer {
  return createHmac('sha256', key).update(`${purpose}:${id}`).digest();
}

/** A token for one purpose and one id: it cannot be forged without the key, nor used for another id or purpose. */
export function signedToken(keys: PurposeKeys, id: string): string {
  return mac(keys.signing, keys.purpose, id).toString('base64url');
}

export function isValidSignedToken(keys: PurposeKeys, id: string, token: string): boolean {
  const given = Buffer.from(token, 'base64url');
  // Every key is tried, so the time taken does not tell which one matched.
  let valid = false;
  for (const key of keys.verifying) {
    const expected = mac(key, keys.purpose, id);
    if (given.length === expected.length && timingSafeEqual(given, expected)) valid = true;
  }
  return valid && given.toString('base64url') === token;
}
