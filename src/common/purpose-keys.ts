import { hkdfSync } from 'node:crypto';
import type { AppConfig } from '../config/config.schema.js';

export type KeyPurpose = 'staff-token' | 'donation-status' | 'unsubscribe' | 'donation-challenge';

/** The key that signs for one purpose, and every key that still verifies for it, the newest first. */
export interface PurposeKeys {
  readonly purpose: KeyPurpose;
  readonly signing: Buffer;
  readonly verifying: readonly Buffer[];
}

export type KeySecrets = Pick<AppConfig, 'JWT_SECRET' | 'JWT_SECRET_PREVIOUS'>;

// A key per purpose, so that a token made for one purpose never verifies as another, and a leaked key is one purpose's.
function derive(secret: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'kizuna', `kizuna/${purpose}/v1`, 32));
}

// Derived once per configuration and purpose: status links are checked on every poll of the thank-you page.
const derived = new WeakMap<KeySecrets, Map<KeyPurpose, PurposeKeys>>();

/** JWT_SECRET signs; JWT_SECRET_PREVIOUS only verifies, so that tokens and links made before a rotation keep working. */
export function purposeKeys(secrets: KeySecrets, purpose: KeyPurpose): PurposeKeys {
  const known = derived.get(secrets) ?? new Map<KeyPurpose, PurposeKeys>();
  derived.set(secrets, known);
  let keys = known.get(purpose);
  if (!keys) {
    const signing = derive(secrets.JWT_SECRET, purpose);
    const previous = secrets.JWT_SECRET_PREVIOUS ? [derive(secrets.JWT_SECRET_PREVIOUS, purpose)] : [];
    keys = { purpose, signing, verifying: [signing, ...previous] };
    known.set(purpose, keys);
  }
  return keys;
}
