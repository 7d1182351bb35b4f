import { createHmac, timingSafeEqual } from 'node:crypto';

/** A token bound to one donor: it cannot be forged without the secret, nor used for another donor. */
export function unsubscribeToken(secret: string, donorId: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${donorId}`).digest('base64url');
}

export function isValidUnsubscribeToken(secret: string, donorId: string, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(secret, donorId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function unsubscribeUrl(baseUrl: string, secret: string, donorId: string): string {
  const url = new URL('/unsubscribe', baseUrl);
  url.searchParams.set('donor', donorId);
  url.searchParams.set('token', unsubscribeToken(secret, donorId));
  return url.toString();
}
