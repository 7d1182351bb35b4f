// The donation form checks a postal code with this same function: the browser loads its compiled output as it is
// (/assets/postal-code.js, src/web/assets.controller.ts), so it stays a plain ES module with no imports.

// Hyphen-like characters a Japanese keyboard or a copied address may give in place of "-".
const HYPHENS = /[\u2010-\u2015\u2212\u30fc\uff0d\uff70]/g;

/** Full-width digits (０-９) and hyphens as ASCII, so １２３－４５６７ reads as 123-4567. */
function halfWidth(code: string): string {
  return code.replace(/[\uff10-\uff19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0)).replace(HYPHENS, '-');
}

/**
 * A postal code as a tax receipt prints it, or null when it is not one. Japan: seven digits, taken as 1234567,
 * 123-4567 or in full-width digits, always given back as 123-4567. Elsewhere: 2 to 10 letters, digits, spaces
 * and dashes (UK SW1A 1AA, US 94105-1234), kept as written.
 */
export function normalisePostalCode(code: string, country: string): string | null {
  const trimmed = code.trim();
  if (country === 'JP') {
    const digits = /^(\d{3})-?(\d{4})$/.exec(halfWidth(trimmed));
    return digits ? `${digits[1]}-${digits[2]}` : null;
  }
  return /^[A-Za-z0-9][A-Za-z0-9 -]{0,8}[A-Za-z0-9]$/.test(trimmed) ? trimmed : null;
}
