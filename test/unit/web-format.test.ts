import { readdirSync, readFileSync } from 'node:fs';
// @ts-expect-error: the compiled module (npm test builds first), plain JavaScript, tested as the browser loads it
import * as browser from '../../dist/src/common/money-format.js';
// @ts-expect-error: the pages' script is plain JavaScript, tested as the browser runs it
import { errorMessage, fill } from '../../src/web/assets/format.js';

const ASSETS = new URL('../../src/web/assets/', import.meta.url);
const COMPILED = new URL('../../dist/src/common/money-format.js', import.meta.url);

/** /assets/money-format.js is src/common/money-format.ts as compiled: what the pages' scripts format money with. */
describe('money on the pages', () => {
  it('is served as a module the browser can load on its own: no imports, nothing from Node', () => {
    const source = readFileSync(COMPILED, 'utf8');
    expect(source).not.toMatch(/^\s*import\b|\bimport\s*\(|\brequire\s*\(|\bprocess\.|\bBuffer\b/m);
    expect(source).toMatch(/^export function formatMoney\(/m);
  });

  it('formats minor units for the currency, keeping the sign', () => {
    expect(browser.formatMoney(300000, 'jpy', 'en')).toBe('¥300,000');
    expect(browser.formatMoney(2550, 'usd', 'en')).toBe('$25.50');
    expect(browser.formatMoney(-50, 'usd', 'en')).toBe('-$0.50');
    expect(browser.formatMoney(-1200, 'jpy', 'en')).toBe('-¥1,200');
    expect(browser.formatMoney(5000, 'jpy', 'ja')).toMatch(/^[¥￥]5,000$/);
  });

  it('reads what a donor types into minor units, and refuses what is not an amount', () => {
    expect(browser.parseAmount('3,000', 'jpy')).toBe(3000);
    expect(browser.parseAmount('25.5', 'usd')).toBe(2550);
    expect(browser.parseAmount('25', 'usd')).toBe(2500);
    expect(browser.parseAmount('1.5', 'jpy')).toBeNull();
    expect(browser.parseAmount('25.555', 'usd')).toBeNull();
    expect(browser.parseAmount('abc', 'usd')).toBeNull();
  });

  it('has no copy of its own in the scripts: they import money-format.js (the staff pages through staff.js)', () => {
    for (const name of readdirSync(ASSETS).filter((n) => n.endsWith('.js'))) {
      const script = readFileSync(new URL(name, ASSETS), 'utf8');
      expect({ name, copy: /Intl\.NumberFormat|\bjpy\s*:\s*0\b|function (formatMoney|parseAmount|decimalsOf)\b/.test(script) }).toEqual({ name, copy: false });
      if (/\b(formatMoney|parseAmount|minorUnitsToDecimal|currencyDecimals)\(/.test(script)) {
        expect({ name, imports: /from '\.\/(money-format|staff)\.js'/.test(script) }).toEqual({ name, imports: true });
      }
    }
  });

  it('turns the API’s error body into one sentence', async () => {
    const body = (value: unknown) => new Response(JSON.stringify(value));
    await expect(errorMessage(body({ statusCode: 400, error: 'Bad Request', message: ['amount must be an integer', 'email must be an email'] }), 'x')).resolves.toBe(
      'amount must be an integer. email must be an email',
    );
    await expect(errorMessage(body({ statusCode: 409, message: 'campaign is closed' }), 'x')).resolves.toBe('campaign is closed');
    await expect(errorMessage(new Response('not json'), 'Something went wrong.')).resolves.toBe('Something went wrong.');
  });

  it('writes a konbini deadline in Japan time as each language writes it, whatever the time zone it runs in', () => {
    // 23:59:59 in Tokyo is still the afternoon in UTC.
    const deadline = new Date('2026-12-04T14:59:59Z');
    expect(browser.formatJapanDeadline(deadline, 'ja')).toBe('2026年12月4日(金) 23:59');
    expect(browser.formatJapanDeadline(deadline, 'en')).toBe('Friday 4 December 2026, 23:59 Japan time');
    // Just past midnight in Tokyo is already the next day there.
    expect(browser.formatJapanDeadline(new Date('2026-12-31T15:05:00Z'), 'ja')).toBe('2027年1月1日(金) 00:05');
    expect(browser.formatJapanDeadline(new Date('2026-12-31T15:05:00Z'), 'en')).toBe('Friday 1 January 2027, 00:05 Japan time');
  });

  it('fills a message template, leaving a placeholder it was not given', () => {
    expect(fill('ほかに {amount} のお支払い待ち（{n}件）', { amount: '￥12,000', n: 3 })).toBe('ほかに ￥12,000 のお支払い待ち（3件）');
    expect(fill('{received} of {total}', { received: '¥20,000' })).toBe('¥20,000 of {total}');
    expect(fill('{toString} {constructor}', {})).toBe('{toString} {constructor}');
  });
});
