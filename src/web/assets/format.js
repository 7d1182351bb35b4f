// Money on the pages: integers in minor units, shown with Intl without ever going through a float for JPY.
const DECIMALS = { jpy: 0, krw: 0, usd: 2, eur: 2, gbp: 2 };

export function decimalsOf(currency) {
  return DECIMALS[currency] ?? 2;
}

export function formatMoney(amount, currency, language) {
  const decimals = decimalsOf(currency);
  const locale = language === 'ja' ? 'ja-JP' : 'en-US';
  const sign = amount < 0 ? '-' : '';
  const units = Math.abs(amount);
  const text = decimals === 0 ? `${sign}${units}` : `${sign}${Math.trunc(units / 10 ** decimals)}.${String(units % 10 ** decimals).padStart(decimals, '0')}`;
  return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(text);
}

/** "25.50" in usd → 2550; "3,000" in jpy → 3000; null when it is not an amount. */
export function parseAmount(text, currency) {
  const decimals = decimalsOf(currency);
  const clean = String(text).replace(/[,\s¥$€£]/g, '');
  const pattern = decimals === 0 ? /^\d{1,8}$/ : new RegExp(`^\\d{1,6}(\\.\\d{1,${decimals}})?$`);
  if (!pattern.test(clean)) return null;
  const [whole, fraction = ''] = clean.split('.');
  return Number(whole) * 10 ** decimals + Number(fraction.padEnd(decimals, '0') || 0);
}

export function pageData() {
  return JSON.parse(document.getElementById('page-data').textContent);
}

/** The API's error body {statusCode, error, message} as one sentence for the donor. */
export async function errorMessage(response, fallback) {
  try {
    const body = await response.json();
    return Array.isArray(body.message) ? body.message.join('. ') : body.message || fallback;
  } catch {
    return fallback;
  }
}
