// @ts-expect-error: the pages' script is plain JavaScript, tested as the browser runs it
import { formatMoney, parseAmount } from '../../src/web/assets/format.js';

describe('money on the pages', () => {
  it('formats minor units for the currency, keeping the sign', () => {
    expect(formatMoney(300000, 'jpy', 'en')).toBe('¥300,000');
    expect(formatMoney(2550, 'usd', 'en')).toBe('$25.50');
    expect(formatMoney(-50, 'usd', 'en')).toBe('-$0.50');
    expect(formatMoney(-1200, 'jpy', 'en')).toBe('-¥1,200');
  });

  it('reads what a donor types into minor units, and refuses what is not an amount', () => {
    expect(parseAmount('3,000', 'jpy')).toBe(3000);
    expect(parseAmount('25.5', 'usd')).toBe(2550);
    expect(parseAmount('25', 'usd')).toBe(2500);
    expect(parseAmount('1.5', 'jpy')).toBeNull();
    expect(parseAmount('25.555', 'usd')).toBeNull();
    expect(parseAmount('abc', 'usd')).toBeNull();
  });
});
