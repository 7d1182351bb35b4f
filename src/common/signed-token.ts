import { createHmac, timingSafeEqual } from 'node:crypto';

/** A token for one purpose and one id: it cannot be forged without the secret, nor used for another id or purpose. */
export function signedToken(secret: string, purpose: string, id: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url');
}

export function isValidSignedToken(secret: string, purpose: string, id: string, token: string): boolean {
  const expected = Buffer.from(signedToken(secret, purpose, id));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
