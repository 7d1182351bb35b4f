import { CURRENCY_DECIMALS } from '../../src/common/money-format.js';
import type { Currency } from '../../src/stripe/currencies.js';

/**
 * The emulator's exchange rates: what one major unit of each currency is worth in yen. The one table every
 * conversion reads; tests change it at run time (`POST /_emulator/fx {usd: 150.12}`) so that a refund can
 * meet another rate than its charge. The defaults are round figures near the market, not live rates.
 */
const DEFAULT_YEN_PER_UNIT: Record<Currency, number> = { jpy: 1, usd: 150, eur: 160, gbp: 190, krw: 0.11 };

export class ExchangeRates {
  private readonly yenPerUnit: Record<Currency, number> = { ...DEFAULT_YEN_PER_UNIT };

  /** Sets some rates (yen per major unit); the yen stays 1. */
  set(rates: Partial<Record<Currency, number>>): void {
    for (const [currency, rate] of Object.entries(rates) as Array<[Currency, number]>) {
      if (currency !== 'jpy') this.yenPerUnit[currency] = rate;
    }
  }

  table(): Record<Currency, number> {
    return { ...this.yenPerUnit };
  }

  /** Major units of `to` per major unit of `from`: Stripe's `exchange_rate`. */
  rate(from: Currency, to: Currency): number {
    return Number((this.yenPerUnit[from] / this.yenPerUnit[to]).toPrecision(10));
  }

  /** `amount` (minor units of `from`) in minor units of `to`, at `rate`, rounded to the nearest unit. */
  static convert(amount: number, from: Currency, to: Currency, rate: number): number {
    return Math.round(amount * rate * 10 ** (CURRENCY_DECIMALS[to] - CURRENCY_DECIMALS[from]));
  }
}
