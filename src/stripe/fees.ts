import type { Currency, PaymentMethod } from './currencies.js';

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
 * - Konbini and bank transfers (jpy accounts only, JPY only): konbini 3.6% per paid voucher with no fixed part
 *   (stripe.com/jp/pricing; Stripe's launch notes for Japan say "3.6% only"); bank transfers (customer balance,
 *   jp_bank_transfer) 1.5% of each payment, at most ¥1,500 per payment, as we read Stripe Japan's pricing
 *   (not confirmed against a stored copy of stripe.com/jp/pricing: check it before relying on the figure).
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
  /** Konbini vouchers paid; null where Stripe offers no konbini (only Japanese accounts do). */
  konbini: MethodPricing | null;
  /** Bank transfers through the customer balance; null where the emulator offers none (it does jp_bank_transfer). */
  bankTransfer: MethodPricing | null;
}

/** Pricing of a payment method charged as a percentage, a fixed part and, for some, a ceiling. */
interface MethodPricing {
  basisPoints: number;
  fixed: number;
  /** The most Stripe takes from one payment, in minor units; null for no ceiling. */
  cap: number | null;
}

export const ACCOUNT_PRICING: Record<Currency, AccountPricing> = {
  jpy: {
    country: 'JP',
    domesticBasisPoints: 360,
    internationalExtraBasisPoints: 0,
    fixed: 0,
    conversionBasisPoints: 200,
    disputeFee: 1500,
    konbini: { basisPoints: 360, fixed: 0, cap: null },
    bankTransfer: { basisPoints: 150, fixed: 0, cap: 1500 },
  },
  usd: { country: 'US', domesticBasisPoints: 290, internationalExtraBasisPoints: 150, fixed: 30, conversionBasisPoints: 100, disputeFee: 1500, konbini: null, bankTransfer: null },
  eur: { country: 'IE', domesticBasisPoints: 150, internationalExtraBasisPoints: 175, fixed: 25, conversionBasisPoints: 200, disputeFee: 2000, konbini: null, bankTransfer: null },
  gbp: { country: 'GB', domesticBasisPoints: 150, internationalExtraBasisPoints: 175, fixed: 20, conversionBasisPoints: 200, disputeFee: 2000, konbini: null, bankTransfer: null },
  krw: { country: 'KR', domesticBasisPoints: 360, internationalExtraBasisPoints: 0, fixed: 0, conversionBasisPoints: 200, disputeFee: 20000, konbini: null, bankTransfer: null },
};

/** Stripe's fee on a konbini or bank-transfer payment of `amount` yen, or undefined where the method is not offered. */
export function methodFee(amount: number, currency: Currency, method: 'konbini' | 'bankTransfer'): number | undefined {
  const pricing = ACCOUNT_PRICING[currency][method];
  if (!pricing) return undefined;
  const fee = percentOf(amount, pricing.basisPoints) + pricing.fixed;
  return pricing.cap === null ? fee : Math.min(fee, pricing.cap);
}

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

/** Stripe's fee on a payment of `amount` by `method`, in the account's own currency. */
function feeFor(amount: number, currency: Currency, method: PaymentMethod): number {
  if (method === 'card') return processingFee(amount, currency);
  return methodFee(amount, currency, method === 'konbini' ? 'konbini' : 'bankTransfer') ?? processingFee(amount, currency);
}

/**
 * The extra a donor adds so that, after Stripe's fee on the larger charge, the campaign still gets `amount`:
 * the smallest `extra` with (amount + extra) − fee(amount + extra) ≥ amount.
 */
export function coveredFee(amount: number, currency: Currency, method: PaymentMethod = 'card'): number {
  const account = ACCOUNT_PRICING[currency];
  const pricing = (method === 'konbini' && account.konbini) ||
    (method === 'bank_transfer' && account.bankTransfer) || { basisPoints: account.domesticBasisPoints, fixed: account.fixed };
  // The estimate without a ceiling; the loops below settle the exact figure (a capped fee only walks it down).
  let total = Math.ceil(((amount + pricing.fixed) * 10_000) / (10_000 - pricing.basisPoints));
  const cap = 'cap' in pricing ? pricing.cap : null;
  if (cap !== null) total = Math.min(total, amount + cap);
  while (total - feeFor(total - 1, currency, method) - 1 >= amount) total--;
  while (total - feeFor(total, currency, method) < amount) total++;
  return total - amount;
}
