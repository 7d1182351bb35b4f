import { CURRENCY_DECIMALS } from '../common/money-format.js';

/** The currencies Kizuna accepts: those of the minor-unit table in src/common/money-format.ts. */
export type Currency = keyof typeof CURRENCY_DECIMALS;
export const SUPPORTED_CURRENCIES = Object.keys(CURRENCY_DECIMALS) as Currency[];

/** How a donor pays: by card at once, or later at a convenience store (konbini) or by bank transfer (furikomi). */
export const PAYMENT_METHODS = ['card', 'konbini', 'bank_transfer'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Methods offered only in some currencies: Stripe takes konbini and Japanese bank transfers in yen only. */
export const METHOD_CURRENCIES: Partial<Record<PaymentMethod, Currency[]>> = { konbini: ['jpy'], bank_transfer: ['jpy'] };

/**
 * The largest single gift per payment method, in minor units: the one place a gift's maximum lives. A card charge
 * takes at most eight digits in the minor unit (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts);
 * a konbini voucher at most ¥300,000 (https://docs.stripe.com/payments/konbini); a bank transfer, like a card, eight digits.
 * A campaign's goal is not a charge and has its own, far larger, cap (MAX_GOAL in src/campaigns/campaign.entity.ts).
 */
export const MAX_CHARGE: Record<PaymentMethod, number> = { card: 99_999_999, konbini: 300_000, bank_transfer: 99_999_999 };

/** A method's own minimum where it is above the currency's (MIN_CHARGE): a konbini voucher takes at least ¥120. */
export const METHOD_MIN_CHARGE: Partial<Record<PaymentMethod, number>> = { konbini: 120 };

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
