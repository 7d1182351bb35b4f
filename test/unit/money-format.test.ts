import { currencyDecimals, formatDate, formatDateInZone, formatMoney, formatReceiptMoney, minorUnitsToDecimal, parseAmount, percentOfGoal } from '../../src/common/money-format.js';

describe('money formatting for donors', () => {
  it('reads minor units with each currency’s exponent', () => {
    expect(formatMoney(5000, 'jpy', 'en')).toBe('¥5,000');
    expect(formatMoney(2500, 'usd', 'en')).toBe('$25.00');
    expect(formatMoney(1_234_567, 'krw', 'en')).toBe('₩1,234,567');
    expect(formatMoney(1050, 'eur', 'en')).toBe('€10.50');
    expect(formatMoney(7, 'gbp', 'en')).toBe('£0.07');
    expect(formatMoney(99_999_999, 'usd', 'en')).toBe('$999,999.99');
  });

  it('keeps the sign of a negative amount', () => {
    expect(formatMoney(-50, 'usd', 'en')).toBe('-$0.50');
    expect(formatMoney(-1200, 'jpy', 'en')).toBe('-¥1,200');
  });

  it('uses the Japanese conventions for ja', () => {
    expect(formatMoney(5000, 'jpy', 'ja')).toMatch(/^[¥￥]5,000$/);
    expect(formatMoney(2500, 'usd', 'ja')).toBe('$25.00');
  });

  it('gives receipts one form of each amount in both languages, with the ASCII yen sign', () => {
    expect(formatReceiptMoney(3000, 'jpy')).toBe('¥3,000');
    expect(formatReceiptMoney(30_000, 'usd')).toBe('$300.00');
    expect(formatReceiptMoney(2500, 'eur')).toBe('€25.00');
  });

  it('dates a receipt in the organisation’s time zone', () => {
    // 16:30 UTC on 30 November is already 1 December in Tokyo.
    const lateEvening = new Date('2026-11-30T16:30:00Z');
    expect(formatDateInZone(lateEvening, 'ja', 'Asia/Tokyo')).toBe('2026年12月1日');
    expect(formatDateInZone(lateEvening, 'en', 'Asia/Tokyo')).toBe('1 December 2026');
    expect(formatDateInZone(lateEvening, 'en', 'UTC')).toBe('30 November 2026');
  });

  it('converts minor units to decimals exactly, without floats', () => {
    expect(minorUnitsToDecimal(5, 2)).toBe('0.05');
    expect(minorUnitsToDecimal(-2500, 2)).toBe('-25.00');
    expect(minorUnitsToDecimal(5000, 0)).toBe('5000');
    // 0.29 * 100 is 28.999999999999996 in binary floating point: string arithmetic never sees it.
    expect(formatMoney(29, 'usd', 'en')).toBe('$0.29');
  });

  it('refuses fractional amounts and unknown currencies', () => {
    expect(() => formatMoney(25.5, 'usd', 'en')).toThrow(/integer in minor units/);
    expect(() => formatMoney(100, 'chf', 'en')).toThrow(/"chf" is not supported/);
    expect(() => formatMoney(100, 'USD', 'en')).toThrow(/not supported/);
  });

  it('reads what a person types into minor units, and refuses what is not an amount', () => {
    expect(parseAmount('3,000', 'jpy')).toBe(3000);
    expect(parseAmount('¥3,000', 'jpy')).toBe(3000);
    expect(parseAmount('25.5', 'usd')).toBe(2550);
    expect(parseAmount('25', 'usd')).toBe(2500);
    expect(parseAmount('0.29', 'usd')).toBe(29);
    expect(parseAmount('1.5', 'jpy')).toBeNull();
    expect(parseAmount('25.555', 'usd')).toBeNull();
    expect(parseAmount('abc', 'usd')).toBeNull();
    expect(() => parseAmount('25', 'chf')).toThrow(/"chf" is not supported/);
  });

  it('reads a goal of up to 13 digits in the minor unit, and a gift of up to 8', () => {
    expect(parseAmount('1,000,000,000,000', 'jpy', 13)).toBe(1_000_000_000_000);
    expect(parseAmount('10,000,000,000.00', 'usd', 13)).toBe(1_000_000_000_000);
    expect(parseAmount('1,000,000,000,000', 'jpy')).toBeNull();
    expect(parseAmount('1,000,000.00', 'usd')).toBeNull();
    expect(parseAmount('999,999.99', 'usd')).toBe(99_999_999);
  });

  it('gives the whole percent of a goal, never 100 before the goal is met', () => {
    const trillion = 1_000_000_000_000;
    expect(percentOfGoal(99_999_999, trillion)).toBe(0);
    expect(percentOfGoal(trillion / 4, trillion)).toBe(25);
    expect(percentOfGoal(trillion - 1, trillion)).toBe(99);
    expect(percentOfGoal(trillion, trillion)).toBe(100);
    expect(percentOfGoal(3 * trillion, trillion)).toBe(100);
    // Floats would say 100 here: (goal - 1) × 100 rounds to a double that divides to exactly 100.
    expect(percentOfGoal(7_770_971_416_901_099, 7_770_971_416_901_100)).toBe(99);
    expect(percentOfGoal(0, trillion)).toBe(0);
  });

  it('knows each currency’s exponent from one table', () => {
    expect(['jpy', 'krw', 'usd', 'eur', 'gbp'].map(currencyDecimals)).toEqual([0, 0, 2, 2, 2]);
  });

  it('prints the calendar date in UTC', () => {
    const lateEvening = new Date('2026-11-28T23:30:00Z'); // already 29 November in Tokyo
    expect(formatDate(lateEvening, 'en')).toBe('28 November 2026');
    expect(formatDate(lateEvening, 'ja')).toBe('2026年11月28日');
    expect(formatDate(new Date('2027-01-01T00:00:00Z'), 'en')).toBe('1 January 2027');
  });
});
