import type { Currency } from './currencies.js';

/**
 * Stripe's standard pricing for an account that settles in a given currency (the account's country follows
 * from it: jpy is a Japanese account, usd an American one). The one table used by the Stripe emulator (to
 * charge fees) and by Kizuna (to work out the fee a donor chooses to cover).
 *
 * Facts used, from Stripe's pricing and support pages:
 * - jpy (Japan, stripe.com/jp/pricing): 3.6% per card charge with no fixed part, the same for cards issued
 *   abroad (the sources found list no cross-border surcharge for Japanese accounts); 2% more when the charge
 *   must be converted into yen; dispute fee ¥1,500, kept even when the dispute is won (since October 2023).
 * - usd (United States, stripe.com/us/pricing): 2.9% + 30¢ for domestic cards, 1.5% more for international
 *   cards (since June 2023), 1% more for currency conversion; dispute fee $15.00.
 * - eur (Ireland, stripe.com/ie/pricing): 1.5% + €0.25 for standard EEA cards; dispute fee €20.00. The
 *   surcharges for cards from outside the EEA (3.25% in all) and conversion (2%) are the ones Stripe lists.
 * - gbp (United Kingdom, stripe.com/gb/pricing): 1.5% + 20p for UK cards; dispute fee £20.00; non-UK cards
 *   3.25% in all; conversion 2%.
 * - krw: Stripe has no Korean accounts; we assume the Japanese rates and a ₩20,000 dispute fee.
 * Stripe shows the conversion part as its own fee line ("Stripe currency conversion fee"), apart from the
 * processing fee. Refunds return no fee: Stripe keeps the original processing fee.
 */
export interface AccountPricing {
  /** ISO country of an account settling in this currency; a card issued elsewhere is international. */
  country: string;
  /** Percentage for a domestic card, in basis points (2.9% = 290). */
  domesticBasisPoints: number;
  /** Extra percentage for a card issued in another country, in basis points. */
  internationalExtraBasisPoints: number;
  /** Fixed part per charge, in minor units of the settlement currency. */
  fixed: number;
  /** Percentage for converting the charge into the settlement currency, in basis points. */
  conversionBasisPoints: number;
  /** Fee for a dispute, in minor units of the settlement currency. */
  disputeFee: number;
}

export const ACCOUNT_PRICING: Record<Currency, AccountPricing> = {
  jpy: { country: 'JP', domesticBasisPoints: 360, internationalExtraBasisPoints: 0, fixed: 0, conversionBasisPoints: 200, disputeFee: 1500 },
  usd: { country: 'US', domesticBasisPoints: 290, internationalExtraBasisPoints: 150, fixed: 30, conversionBasisPoints: 100, disputeFee: 1500 },
  eur: { country: 'IE', domesticBasisPoints: 150, internationalExtraBasisPoints: 175, fixed: 25, conversionBasisPoints: 200, disputeFee: 2000 },
  gbp: { country: 'GB', domesticBasisPoints: 150, internationalExtraBasisPoints: 175, fixed: 20, conversionBasisPoints: 200, disputeFee: 2000 },
  krw: { country: 'KR', domesticBasisPoints: 360, internationalExtraBasisPoints: 0, fixed: 0, conversionBasisPoints: 200, disputeFee: 20000 },
};

/** `basisPoints` of `amount`, rounded to the nearest minor unit. */
export function percentOf(amount: number, basisPoints: number): number {
  return Math.round((amount * basisPoints) / 10_000);
}

/**
 * Stripe's processing fee on a domestic card charge in the account's own currency (no conversion), the case
 * Kizuna prices a covered fee for.
 */
export function processingFee(amount: number, currency: Currency): number {
  const pricing = ACCOUNT_PRICING[currency];
  return percentOf(amount, pricing.domesticBasisPoints) + pricing.fixed;
}

/**
 * The extra a donor adds so that, after Stripe's fee on the larger charge, the campaign still gets `amount`:
 * the smallest `extra` with (amount + extra) − fee(amount + extra) ≥ amount.
 */
export function coveredFee(amount: number, currency: Currency): number {
  const pricing = ACCOUNT_PRICING[currency];
  let total = Math.ceil(((amount + pricing.fixed) * 10_000) / (10_000 - pricing.domesticBasisPoints));
  while (total - processingFee(total - 1, currency) - 1 >= amount) total--;
  while (total - processingFee(total, currency) < amount) total++;
  return total - amount;
}
