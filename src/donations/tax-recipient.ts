/**
 * Who a tax receipt is made out to, exactly as the donor wrote it: the name, the postal code (Japanese ones as
 * 123-4567) and the address as written on an envelope. `country` is ISO 3166-1 alpha-2, JP unless the donor lives abroad.
 */
export interface TaxRecipient {
  name: string;
  postalCode: string;
  address: string;
  country: string;
}

/** What a person types for a tax receipt, before it is checked. */
export interface TaxRecipientInput {
  name?: unknown;
  postalCode?: unknown;
  address?: unknown;
  country?: unknown;
}

const FULL_WIDTH_DIGIT = /[０-９]/g;
const FULL_WIDTH_DASH = /[－ー−‐]/g;
const JAPANESE_POSTAL_CODE = /^(\d{3})-?(\d{4})$/;
const FOREIGN_POSTAL_CODE = /^[A-Za-z0-9][A-Za-z0-9 -]{0,8}[A-Za-z0-9]$/;

function text(value: unknown): string {
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
}

/**
 * Checks a tax-receipt name and address and puts it in the stored form: a Japanese postal code (JP, the default)
 * is seven digits, typed as 1234567, 123-4567 or in full-width digits, and kept as 123-4567; another country's is 2 to
 * 10 letters, digits, spaces or dashes. Returns the recipient, or a message saying what is wrong.
 */
export function parseTaxRecipient(input: TaxRecipientInput): { recipient: TaxRecipient } | { problem: string } {
  const name = text(input.name);
  const address = text(input.address);
  const country = (text(input.country) || 'JP').toUpperCase();
  if (!name) return { problem: 'name is required' };
  if (!address) return { problem: 'address is required' };
  if (!/^[A-Z]{2}$/.test(country)) return { problem: 'country must be a two-letter ISO 3166-1 code such as JP' };
  const typed = text(input.postalCode)
    .replace(FULL_WIDTH_DIGIT, (digit) => String(digit.charCodeAt(0) - 0xff10))
    .replace(FULL_WIDTH_DASH, '-');
  if (country === 'JP') {
    const match = JAPANESE_POSTAL_CODE.exec(typed);
    if (!match) return { problem: 'postalCode must be a Japanese postal code of seven digits, such as 100-0001' };
    return { recipient: { name, postalCode: `${match[1]}-${match[2]}`, address, country } };
  }
  if (!FOREIGN_POSTAL_CODE.test(typed)) return { problem: 'postalCode must be 2 to 10 letters, digits, spaces or dashes' };
  return { recipient: { name, postalCode: typed, address, country } };
}
