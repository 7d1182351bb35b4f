/** CSV for spreadsheets: RFC 4180 quoting, CRLF rows, a BOM, and no formulas smuggled in through text. */

/** Excel reads a file without it as the local legacy code page, and Japanese names turn to mojibake. */
export const UTF8_BOM = '\uFEFF';

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

function quoted(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * One field. A string is text: when it could start a formula it gets a leading `'`, which spreadsheets
 * show as text. A number is written as is. null is an empty field.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return csvNumber(value);
  return quoted(FORMULA_START.test(value) ? `'${value}` : value);
}

/** A number we produced ourselves, such as "-30.00" for a refund: it must stay a number, so it is checked instead. */
export function csvNumber(value: string | number): string {
  const text = String(value);
  if (!DECIMAL.test(text)) throw new Error(`"${text}" is not a decimal number`);
  return text;
}

/** Fields already made by csvField / csvNumber, as one CRLF-terminated line. */
export function csvRow(fields: string[]): string {
  return `${fields.join(',')}\r\n`;
}
