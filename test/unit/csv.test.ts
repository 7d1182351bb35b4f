import { UTF8_BOM, csvField, csvNumber, csvRow } from '../../src/finance/csv.js';

describe('CSV helpers', () => {
  it('leaves plain text alone', () => {
    expect(csvField('Flood relief')).toBe('Flood relief');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
  });

  it('quotes a field with a comma, a quote, CR or LF, doubling inner quotes (RFC 4180)', () => {
    expect(csvField('Sendai, Miyagi')).toBe('"Sendai, Miyagi"');
    expect(csvField('the "big" one')).toBe('"the ""big"" one"');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('a\rb')).toBe('"a\rb"');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1:A2)')).toBe("'@SUM(A1:A2)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
  });

  it('does not neutralise a formula character in the middle of text', () => {
    expect(csvField('a=b+c-d@e')).toBe('a=b+c-d@e');
  });

  it('keeps the amounts we produce as numbers, negative ones included', () => {
    expect(csvNumber('-30.00')).toBe('-30.00');
    expect(csvNumber('5000')).toBe('5000');
    expect(csvNumber(-1)).toBe('-1');
    expect(csvField(-1)).toBe('-1');
    expect(csvField(42)).toBe('42');
  });

  it('refuses to pass text off as a number', () => {
    expect(() => csvNumber('=1+1')).toThrow(/not a decimal number/);
    expect(() => csvNumber('-1,5')).toThrow(/not a decimal number/);
    expect(() => csvNumber('')).toThrow(/not a decimal number/);
    expect(() => csvField(Number.NaN)).toThrow(/not a decimal number/);
  });

  it('joins a row with commas and ends it with CRLF', () => {
    expect(csvRow([csvField('a'), csvField('b, c'), csvNumber('-1.50')])).toBe('a,"b, c",-1.50\r\n');
    expect(csvRow([])).toBe('\r\n');
  });

  it('starts files with the UTF-8 byte order mark and keeps Japanese names intact', () => {
    expect(UTF8_BOM).toBe('\uFEFF');
    expect([...Buffer.from(UTF8_BOM, 'utf8')]).toEqual([0xef, 0xbb, 0xbf]);
    const file = UTF8_BOM + csvRow([csvField('山田太郎'), csvNumber('5000')]);
    expect(Buffer.from(file, 'utf8').toString('utf8')).toBe('\uFEFF山田太郎,5000\r\n');
  });
});
