/** The variables that hold secrets: in production each must be random and not one published in this repository. */
export const SECRET_VARIABLES = ['JWT_SECRET', 'JWT_SECRET_PREVIOUS', 'STRIPE_WEBHOOK_SECRET', 'ADMIN_PASSWORD'] as const;

/**
 * Every secret value this repository has ever shown (.env.example, docker-compose.yml, the local runner, the
 * tests): anyone can read them, so production refuses them. test/security/example-secrets.test.ts fails when
 * .env.example or docker-compose.yml holds a secret value missing here.
 */
export const PUBLISHED_SECRETS: ReadonlySet<string> = new Set([
  'replace-with-a-long-random-secret-at-least-32-chars',
  'replace-me-please',
  'whsec_replace_me',
  'change-me-to-a-long-random-secret-of-32-chars-or-more',
  'change-me-please',
  'whsec_kizuna_compose_emulator_secret',
  'whsec_kizuna_local_emulator_secret',
  'REPLACE_ME_with_openssl_rand_base64_48',
  'REPLACE_ME_with_openssl_rand_base64_32',
  'whsec_REPLACE_ME_with_the_secret_Stripe_shows',
  'test-jwt-secret-that-is-long-enough-to-pass',
  'whsec_test_secret',
  'admin-password-for-tests',
]);

const HEX = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/_-]+=*$/;
const ALPHANUMERIC = /^[A-Za-z0-9]+$/;

/**
 * "32 random bytes or more", judged from the text: 64+ hex digits or 43+ base64/base64url characters, and enough
 * distinct characters that it is not a repeated pattern. A Stripe webhook secret is Stripe's to choose: 32+
 * alphanumeric characters after whsec_ (what the dashboard issues; `stripe listen` issues 64 hex digits).
 */
export function weakSecretReason(name: string, value: string): string | undefined {
  if (name === 'STRIPE_WEBHOOK_SECRET') {
    const body = value.replace(/^whsec_/, '');
    return ALPHANUMERIC.test(body) && body.length >= 32 && distinct(body) >= 10 ? undefined : 'is too weak: use the secret Stripe shows for the endpoint';
  }
  const long = HEX.test(value) ? value.length >= 64 : BASE64.test(value) && value.replace(/=+$/, '').length >= 43;
  return long && distinct(value) >= 10 ? undefined : 'is too weak: it needs 32 random bytes (openssl rand -base64 48)';
}

function distinct(text: string): number {
  return new Set(text).size;
}
