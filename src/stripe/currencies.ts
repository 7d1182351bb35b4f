import { CURRENCY_DECIMALS } from '../common/money-format.js';

/** The currencies Kizuna accepts: those of the minor-unit table in src/common/money-format.ts. */
export type Currency = keyof typeof CURRENCY_DECIMALS;
export const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_DECIMALS) as Currency[];

/** Stripe's maximum amount: eight digits in the minor unit (99,999,999). */
export const MAX_AMOUNT = 99_999_999;

/**
 * Stripe's minimum charge per currency, in minor units
 * (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). KRW is not in that table:
 * Stripe's rule for it is "US$0.50 or equivalent", which is about ₩700.
 */
export const MIN_CHARGE: Record<Currency, number> = { usd: 50, eur: 50, gbp: 30, jpy: 50, krw: 700 };

export function isSupportedCurrency(value: string): value is Currency {
  return Object.hasOwn(CURRENCY_DECIMALS, value);
}
