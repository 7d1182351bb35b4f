import { CURRENCY_DECIMALS } from '../common/money-format.js';

/** The currencies Kizuna accepts: those of the minor-unit table in src/common/money-format.ts. */
export type Currency = keyof typeof CURRENCY_DECIMALS;
export const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_DECIMALS) as Currency[];

/** How a donor pays. Konbini and bank transfer join this list with their own maximum below. */
export type PaymentMethod = 'card';

/**
 * The largest single gift per payment method, in minor units: the one place a gift's maximum lives. A card charge
 * takes at most eight digits in the minor unit (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
 * A campaign's goal is not a charge and has its own, far larger, cap (MAX_GOAL in src/campaigns/campaign.entity.ts).
 */
export const MAX_CHARGE: Record<PaymentMethod, number> = { card: 99_999_999 };

/** The largest gift any method takes: the first, method-blind check of a donation's amount. */
export const LARGEST_CHARGE = Math.max(...Object.values(MAX_CHARGE));

/**
 * Stripe's minimum charge per currency, in minor units
 * (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). KRW is not in that table:
 * Stripe's rule for it is "US$0.50 or equivalent", which is about ₩700.
 */
export const MIN_CHARGE: Record<Currency, number> = { usd: 50, eur: 50, gbp: 30, jpy: 50, krw: 700 };

export function isSupportedCurrency(value: string): value is Currency {
  return Object.hasOwn(CURRENCY_DECIMALS, value);
}
