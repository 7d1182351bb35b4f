import Stripe from 'stripe';

/** The API version the stripe SDK in this project pins and sends with every request; events are rendered in it. */
export const PINNED_API_VERSION: string = Stripe.API_VERSION;

/**
 * The emulated account's default API version, which Stripe applies to a request without `Stripe-Version`
 * (curl, or the Stripe CLI's `stripe trigger` recipes). It is the last one before `payment_method_types` was removed,
 * the version those recipes are written for.
 */
export const ACCOUNT_DEFAULT_API_VERSION = '2026-07-29.dahlia';

/** `2026-09-30.endive` removed `payment_method_types` from PaymentIntent create, update and confirm. */
const PAYMENT_METHOD_TYPES_REMOVED = '2026-09-30';

/** Versions are named `YYYY-MM-DD.release` and ordered by their date. */
function isAtLeast(version: string, date: string): boolean {
  return version.slice(0, 10) >= date;
}

export function acceptsPaymentMethodTypes(version: string): boolean {
  return !isAtLeast(version, PAYMENT_METHOD_TYPES_REMOVED);
}
