/** The smallest environment the config schema accepts, for tests of the parser. */
export const COMPLETE_ENV = {
  DATABASE_URL: 'postgres://kizuna@localhost/kizuna',
  REDIS_URL: 'redis://localhost:6379',
  STRIPE_SECRET_KEY: 'sk_test_abc',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_abc',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc',
  SMTP_URL: 'smtp://localhost:1025',
  MAIL_FROM: 'receipts@example.org',
  PUBLIC_BASE_URL: 'https://give.example.org',
  JWT_SECRET: 'x'.repeat(32),
};
