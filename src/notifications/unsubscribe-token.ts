import type { Language } from '../common/money-format.js';
import { type KeySecrets, purposeKeys } from '../common/purpose-keys.js';
import { isValidSignedToken, signedToken } from '../common/signed-token.js';

export function isValidUnsubscribeToken(secrets: KeySecrets, donorId: string, token: string): boolean {
  return isValidSignedToken(purposeKeys(secrets, 'unsubscribe'), donorId, token);
}

export function unsubscribeUrl(baseUrl: string, secrets: KeySecrets, donorId: string, language?: Language): string {
  const url = new URL('/unsubscribe', baseUrl);
  url.searchParams.set('donor', donorId);
  url.searchParams.set('token', signedToken(purposeKeys(secrets, 'unsubscribe'), donorId));
  // The page that confirms it speaks the language of the email the link came in; the token does not cover it.
  if (language) url.searchParams.set('lang', language);
  return url.toString();
}
