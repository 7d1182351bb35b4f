import { moneyColumn, toMinorUnits } from '../../src/database/money.js';

describe('money conversion', () => {
  it('turns PostgreSQL bigint strings into integers', () => {
    expect(toMinorUnits('5000')).toBe(5000);
    expect(toMinorUnits('-2500')).toBe(-2500);
    expect(moneyColumn.from('99999999')).toBe(99_999_999);
    expect(moneyColumn.from(null)).toBeNull();
  });

  it('refuses fractions and values beyond safe integers instead of rounding', () => {
    expect(() => toMinorUnits('12.5')).toThrow(RangeError);
    expect(() => toMinorUnits('9007199254740993')).toThrow(RangeError);
    expect(() => moneyColumn.to(0.1)).toThrow(RangeError);
  });
});
