import { isValidSignedToken, signedToken } from '../common/signed-token.js';

function unsubscribeToken(secret: string, donorId: string): string {
  return signedToken(secret, 'unsubscribe', donorId);
}

export function isValidUnsubscribeToken(secret: string, donorId: string, token: string): boolean {
  return isValidSignedToken(secret, 'unsubscribe', donorId, token);
}

export function unsubscribeUrl(baseUrl: string, secret: string, donorId: string): string {
  const url = new URL('/unsubscribe', baseUrl);
  url.searchParams.set('donor', donorId);
  url.searchParams.set('token', unsubscribeToken(secret, donorId));
  return url.toString();
}
