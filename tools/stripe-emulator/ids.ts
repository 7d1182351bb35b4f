import { randomBytes } from 'node:crypto';
import { activeNowSeconds } from './clock.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random base-62 text, the style of the part after Stripe's id prefix. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let token = '';
  for (const byte of bytes) token += ALPHABET[byte % ALPHABET.length];
  return token;
}

/** An id with Stripe's prefix for the object kind, e.g. `pi_3QxY…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

/** The emulator's time (clock.ts), not the wall clock's. */
export function nowSeconds(): number {
  return activeNowSeconds();
}
