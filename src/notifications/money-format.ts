import { CURRENCY_DECIMALS, isSupportedCurrency } from '../stripe/currencies.js';

export type Language = 'en' | 'ja';

const MONEY_LOCALES: Record<Language, string> = { en: 'en-US', ja: 'ja-JP' };
// British order ("28 November 2026") reads naturally to donors outside the US as well.
const DATE_LOCALES: Record<Language, string> = { en: 'en-GB', ja: 'ja-JP' };

// Building an Intl formatter costs far more than using one, and every email formats several amounts and dates.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, build: () => T): T {
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = build()));
  return formatter as T;
}

/** The currency's minor-unit exponent; throws for a currency Kizuna does not accept. */
export function currencyDecimals(currency: string): number {
  if (!isSupportedCurrency(currency)) throw new Error(`currency "${currency}" is not supported`);
  return CURRENCY_DECIMALS[currency];
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

/** 5000 jpy → "¥5,000" (en) or "￥5,000" (ja); 2500 usd → "$25.00". */
export function formatMoney(amount: number, currency: string, language: Language): string {
  const decimals = currencyDecimals(currency);
  const format = cached(`money:${language}:${currency}`, () => new Intl.NumberFormat(MONEY_LOCALES[language], {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }));
  return format.format(minorUnitsToDecimal(amount, decimals) as Intl.StringNumericLiteral);
}

/** 5000 jpy → "JPY 5,000"; plain ASCII, for places without currency symbols (the PDF receipt). */
export function formatMoneyWithCode(amount: number, currency: string): string {
  const decimals = currencyDecimals(currency);
  const format = cached(`plain:${decimals}`, () => new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }));
  return `${currency.toUpperCase()} ${format.format(minorUnitsToDecimal(amount, decimals) as Intl.StringNumericLiteral)}`;
}

/** "28 November 2026" (en) or "2026年11月28日" (ja), as the calendar date in UTC. */
export function formatDate(date: Date, language: Language): string {
  return cached(`date:${language}`, () => new Intl.DateTimeFormat(DATE_LOCALES[language], { dateStyle: 'long', timeZone: 'UTC' })).format(date);
}
