import type { Currency } from './currencies.js';

/**
 * Stripe's standard card pricing per currency, the one table used both by the emulator (to charge fees)
 * and by Kizuna (to work out the fee a donor chooses to cover). Sources, Stripe's published pricing pages:
 * - usd: stripe.com/us/pricing — 2.9% + 30¢ per domestic card charge; dispute fee $15.00.
 * - eur: stripe.com/ie/pricing — 1.5% + €0.25 for standard EEA cards; dispute fee €20.00.
 * - gbp: stripe.com/gb/pricing — 1.5% + 20p for standard UK cards; dispute fee £20.00.
 * - jpy: stripe.com/jp/pricing — 3.6% per card charge, no fixed part; dispute fee ¥1,500.
 * - krw: Stripe has no Korean accounts; we assume the Japanese rate (3.6%) and a ₩20,000 dispute fee.
 * Refunds return no fee (Stripe keeps the original processing fee).
 */
export interface FeeRate {
  /** Percentage part in basis points (2.9% = 290). */
  basisPoints: number;
  /** Fixed part per charge, in minor units. */
  fixed: number;
  /** Fee for a dispute, in minor units. */
  disputeFee: number;
}

export const STRIPE_FEES: Record<Currency, FeeRate> = {
  usd: { basisPoints: 290, fixed: 30, disputeFee: 1500 },
  eur: { basisPoints: 150, fixed: 25, disputeFee: 2000 },
  gbp: { basisPoints: 150, fixed: 20, disputeFee: 2000 },
  jpy: { basisPoints: 360, fixed: 0, disputeFee: 1500 },
  krw: { basisPoints: 360, fixed: 0, disputeFee: 20000 },
};

/** Stripe's processing fee on a charge, rounded to the nearest minor unit. */
export function processingFee(amount: number, currency: Currency): number {
  const rate = STRIPE_FEES[currency];
  return Math.round((amount * rate.basisPoints) / 10_000) + rate.fixed;
}

/**
 * The extra a donor adds so that, after Stripe's fee on the larger charge, the campaign still gets `amount`:
 * the smallest `extra` with (amount + extra) − fee(amount + extra) ≥ amount.
 */
export function coveredFee(amount: number, currency: Currency): number {
  const rate = STRIPE_FEES[currency];
  let total = Math.ceil(((amount + rate.fixed) * 10_000) / (10_000 - rate.basisPoints));
  while (total - processingFee(total - 1, currency) - 1 >= amount) total--;
  while (total - processingFee(total, currency) < amount) total++;
  return total - amount;
}
