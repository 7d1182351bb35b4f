import { ExchangeRates } from './fx.js';
import type { FeeDetail } from './types.js';
import { ACCOUNT_PRICING, methodFee, percentOf } from '../../src/stripe/fees.js';
import type { Currency } from '../../src/stripe/currencies.js';

/** A movement of money as it lands in the balance: in the settlement currency, with the rate used. */
export interface Settled {
  amount: number;
  exchangeRate: number | null;
}

/** `amount` in `currency` converted into the settlement currency at today's rate (unchanged when they match). */
export function settle(amount: number, currency: Currency, settlementCurrency: Currency, rates: ExchangeRates): Settled {
  if (currency === settlementCurrency) return { amount, exchangeRate: null };
  const exchangeRate = rates.rate(currency, settlementCurrency);
  return { amount: ExchangeRates.convert(amount, currency, settlementCurrency, exchangeRate), exchangeRate };
}

/**
 * Stripe's fees on a card charge, in the settlement currency, from the account's pricing (src/stripe/fees.ts):
 * the processing fee (with the international surcharge for a card from another country) and, when the
 * charge was converted, the conversion fee as its own line, as Stripe itemises them.
 */
export function chargeFees(settled: Settled, settlementCurrency: Currency, cardCountry: string): FeeDetail[] {
  const pricing = ACCOUNT_PRICING[settlementCurrency];
  const international = cardCountry !== pricing.country;
  const basisPoints = pricing.domesticBasisPoints + (international ? pricing.internationalExtraBasisPoints : 0);
  const details = [feeLine(percentOf(settled.amount, basisPoints) + pricing.fixed, settlementCurrency, 'Stripe processing fees')];
  if (settled.exchangeRate !== null) {
    details.push(feeLine(percentOf(settled.amount, pricing.conversionBasisPoints), settlementCurrency, 'Stripe currency conversion fee'));
  }
  return details;
}

/** Stripe's fee on a paid konbini voucher or a bank transfer applied to a payment (JPY, on a Japanese account). */
export function methodFees(amount: number, settlementCurrency: Currency, method: 'konbini' | 'bankTransfer'): FeeDetail[] {
  return [feeLine(methodFee(amount, settlementCurrency, method) ?? 0, settlementCurrency, 'Stripe processing fees')];
}

export function disputeFees(settlementCurrency: Currency): FeeDetail[] {
  return [feeLine(ACCOUNT_PRICING[settlementCurrency].disputeFee, settlementCurrency, 'Dispute fee')];
}

function feeLine(amount: number, currency: Currency, description: string): FeeDetail {
  return { type: 'stripe_fee', amount, currency, description, application: null };
}
