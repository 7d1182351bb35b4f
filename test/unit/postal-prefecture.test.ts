import { prefectureOf } from '../../src/common/postal-prefecture.js';
import { normalisePostalCode } from '../../src/donations/postal-code.js';

describe('the prefecture of a Japanese postal code', () => {
  // Prefectural offices and city halls, as their own sites give their addresses.
  it.each([
    ['100-0005', '東京都'],
    ['920-8580', '石川県'],
    ['060-8588', '北海道'],
    ['900-8570', '沖縄県'],
    ['530-8201', '大阪府'],
    ['980-8570', '宮城県'],
    ['960-8670', '福島県'],
    ['020-8570', '岩手県'],
    ['380-8570', '長野県'],
    ['812-8577', '福岡県'],
    ['231-8588', '神奈川県'],
    ['460-8501', '愛知県'],
    ['602-8570', '京都府'],
    ['650-8567', '兵庫県'],
    ['730-8511', '広島県'],
    ['890-8577', '鹿児島県'],
    ['950-8570', '新潟県'],
    ['030-8570', '青森県'],
    ['010-8570', '秋田県'],
    ['990-8570', '山形県'],
  ])('%s is in %s', (code, prefecture) => {
    expect(prefectureOf(code)).toBe(prefecture);
    expect(prefectureOf(code.replace('-', ''))).toBe(prefecture);
  });

  it('fills nothing for a prefix two prefectures share, or one that is not a postal code', () => {
    expect(prefectureOf('618-0001')).toBeNull();
    expect(prefectureOf('498-0801')).toBeNull();
    expect(prefectureOf('000-0000')).toBeNull();
    expect(prefectureOf('100-000')).toBeNull();
    expect(prefectureOf('')).toBeNull();
  });
});

describe('a postal code as a tax receipt prints it', () => {
  it('writes a Japanese one as 123-4567, from ASCII or full-width digits', () => {
    expect(normalisePostalCode('1000005', 'JP')).toBe('100-0005');
    expect(normalisePostalCode(' 100-0005 ', 'JP')).toBe('100-0005');
    expect(normalisePostalCode('１００－０００５', 'JP')).toBe('100-0005');
    expect(normalisePostalCode('１０００００５', 'JP')).toBe('100-0005');
    expect(normalisePostalCode('100ー0005', 'JP')).toBe('100-0005');
  });

  it('refuses a Japanese one without seven digits', () => {
    for (const code of ['100-000', '10000055', '1000-005', 'abc-defg', '100--0005', '']) expect(normalisePostalCode(code, 'JP')).toBeNull();
  });

  it('keeps a foreign one as written, 2 to 10 letters, digits, spaces and dashes', () => {
    expect(normalisePostalCode('SW1A 1AA', 'GB')).toBe('SW1A 1AA');
    expect(normalisePostalCode('94105-1234', 'US')).toBe('94105-1234');
    expect(normalisePostalCode('1', 'US')).toBeNull();
    expect(normalisePostalCode('12345678901', 'US')).toBeNull();
    expect(normalisePostalCode('941/05', 'US')).toBeNull();
  });
});
