/**
 * Money and dates as people read them, for every place that shows them: the server's pages (src/web), the emails
 * and the PDF receipts (src/notifications), the finance CSV (src/finance) and the pages' scripts in the browser.
 *
 * The browser loads this file's compiled output as it is (`/assets/money-format.js`, served by
 * src/web/assets.controller.ts), so it must stay a plain ES module: no imports (type-only ones vanish when compiled),
 * nothing from Node, only what browsers have (Intl).
 */

/**
 * The currencies Kizuna accepts, with their minor-unit exponent as Stripe defines it
 * (https://docs.stripe.com/currencies#zero-decimal): jpy and krw have no minor unit.
 * The currency rules built on it (minimum charges, the supported list) are in src/stripe/currencies.ts.
 */
export const CURRENCY_DECIMALS = { jpy: 0, krw: 0, usd: 2, eur: 2, gbp: 2 } as const;

export type Language = 'en' | 'ja';

const MONEY_LOCALES: Record<Language, string> = { en: 'en-US', ja: 'ja-JP' };
// British order ("28 November 2026") reads naturally to donors outside the US as well.
const DATE_LOCALES: Record<Language, string> = { en: 'en-GB', ja: 'ja-JP' };

// Building an Intl formatter costs far more than using one, and every email formats several amounts and dates.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => T): T {
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter as T;
}

/** The currency's minor-unit exponent; throws for a currency Kizuna does not accept. */
export function currencyDecimals(currency: string): number {
  if (!Object.hasOwn(CURRENCY_DECIMALS, currency)) throw new Error(`currency "${currency}" is not supported`);
  return CURRENCY_DECIMALS[currency as keyof typeof CURRENCY_DECIMALS];
}

/**
 * An integer amount in minor units as an exact decimal string ("2500", 2 → "25.00"). Intl accepts
 * decimal strings, so no float ever stands between the stored amount and what the donor reads.
 */
export function minorUnitsToDecimal(amount: number, decimals: number): string {
  if (!Number.isSafeInteger(amount)) throw new Error(`amount must be an integer in minor units, got ${amount}`);
  const digits = String(Math.abs(amount)).padStart(decimals + 1, '0');
  const sign = amount < 0 ? '-' : '';
  if (decimals === 0) return sign + digits;
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** 5000 jpy → "¥5,000" (en) or "￥5,000" (ja); 2500 usd → "$25.00"; -50 usd → "-$0.50". */
export function formatMoney(amount: number, currency: string, language: Language): string {
  const decimals = currencyDecimals(currency);
  const format = cached(
    `money:${language}:${currency}`,
    () =>
      new Intl.NumberFormat(MONEY_LOCALES[language], {
        style: 'currency',
        currency: currency.toUpperCase(),
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      }),
  );
  return format.format(minorUnitsToDecimal(amount, decimals) as Intl.StringNumericLiteral);
}

/**
 * 3000 jpy → "¥3,000", 30000 usd → "$300.00", 2500 eur → "€25.00", whatever the donor's language: a receipt shows one
 * form of each amount, with the ASCII yen sign that a tax return's forms use rather than the full-width ￥ of ja-JP.
 */
export function formatReceiptMoney(amount: number, currency: string): string {
  return formatMoney(amount, currency, 'en');
}

/**
 * What a person types, in minor units: "25.50" usd → 2550, "3,000" jpy → 3000; null when it is not an amount or has
 * more than `digits` digits in the minor unit (8 by default, a gift: Stripe's maximum; 13 for a goal).
 */
export function parseAmount(text: string, currency: string, digits = 8): number | null {
  const decimals = currencyDecimals(currency);
  const clean = String(text).replace(/[,\s¥$€£]/g, '');
  const pattern = decimals === 0 ? new RegExp(`^\\d{1,${digits}}$`) : new RegExp(`^\\d{1,${digits - decimals}}(\\.\\d{1,${decimals}})?$`);
  if (!pattern.test(clean)) return null;
  const [whole, fraction = ''] = clean.split('.');
  return Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || 0);
}

/**
 * The whole percent of the goal raised, rounded down and held to 0–100: a progress bar never shows 100 % before the
 * goal is met. BigInt keeps the product exact whatever the sizes of the goal and the total.
 */
export function percentOfGoal(raised: number, goal: number): number {
  if (raised <= 0 || goal <= 0) return 0;
  const percent = (BigInt(raised) * 100n) / BigInt(goal);
  return percent >= 100n ? 100 : Number(percent);
}

/** "28 November 2026" (en) or "2026年11月28日" (ja), as the calendar date in UTC. */
export function formatDate(date: Date, language: Language): string {
  return cached(`date:${language}`, () => new Intl.DateTimeFormat(DATE_LOCALES[language], { dateStyle: 'long', timeZone: 'UTC' })).format(date);
}

/** "1 December 2026" (en) or "2026年12月1日" (ja), as the calendar date in `timeZone` (an IANA zone). */
export function formatDateInZone(date: Date, language: Language, timeZone: string): string {
  return cached(`date:${language}:${timeZone}`, () => new Intl.DateTimeFormat(DATE_LOCALES[language], { dateStyle: 'long', timeZone })).format(date);
}

/**
 * A deadline in Japan time, as each language writes it: "2026年12月4日(金) 23:59" (ja) or "Friday 4 December 2026,
 * 23:59 Japan time" (en). Konbini vouchers run to 23:59:59 Japan time whatever the donor's own time zone. Built from the
 * parts, because browsers' and Node's ICU join them differently ("2026/12/4(金)", "Fri, 4 December 2026 at 23:59").
 */
export function formatJapanDeadline(date: Date, language: Language): string {
  const format = cached(
    `deadline:${language}`,
    () =>
      new Intl.DateTimeFormat(DATE_LOCALES[language], {
        timeZone: 'Asia/Tokyo',
        year: 'numeric',
        month: language === 'ja' ? 'numeric' : 'long',
        day: 'numeric',
        weekday: language === 'ja' ? 'short' : 'long',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  );
  const part = Object.fromEntries(format.formatToParts(date).map(({ type, value }) => [type, value]));
  const time = `${part.hour}:${part.minute}`;
  return language === 'ja' ? `${part.year}年${part.month}月${part.day}日(${part.weekday}) ${time}` : `${part.weekday} ${part.day} ${part.month} ${part.year}, ${time} Japan time`;
}
