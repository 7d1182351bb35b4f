import { coveredFee, processingFee } from '../../src/stripe/fees.js';

describe('Stripe fee table', () => {
  it('charges the published rates', () => {
    expect(processingFee(2500, 'usd')).toBe(103); // 2.9% of $25.00 = 72.5¢ → 73¢, + 30¢
    expect(processingFee(5000, 'jpy')).toBe(180); // 3.6% of ¥5,000
    expect(processingFee(1000, 'eur')).toBe(40); // 1.5% of €10.00 + 25c
    expect(processingFee(1000, 'gbp')).toBe(35); // 1.5% of £10.00 + 20p
  });

  it('works out a covered fee that leaves the campaign the full gift', () => {
    for (const [amount, currency] of [
      [2500, 'usd'],
      [5000, 'jpy'],
      [50, 'jpy'],
      [99_000, 'eur'],
      [30, 'gbp'],
      [1_234_567, 'krw'],
    ] as const) {
      const extra = coveredFee(amount, currency);
      const total = amount + extra;
      expect(total - processingFee(total, currency)).toBeGreaterThanOrEqual(amount);
      expect(total - 1 - processingFee(total - 1, currency)).toBeLessThan(amount);
    }
    expect(coveredFee(5000, 'jpy')).toBe(187); // ¥5,187 − 3.6% (¥187) = ¥5,000
  });

  it('covers the fee of the method the donor pays with: konbini at 3.6%, a bank transfer at 1.5% up to ¥1,500', () => {
    expect(coveredFee(5000, 'jpy', 'konbini')).toBe(187);
    expect(coveredFee(10_000, 'jpy', 'bank_transfer')).toBe(152); // ¥10,152 − 1.5% (¥152.28 → ¥152) = ¥10,000
    expect(coveredFee(1_000_000, 'jpy', 'bank_transfer')).toBe(1500); // the fee's ceiling
    expect(coveredFee(99_000_000, 'jpy', 'bank_transfer')).toBe(1500);
  });
});
