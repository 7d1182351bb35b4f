import { formatDate, formatMoneyWithCode } from '../common/money-format.js';
import { refundOf, replacedBy } from './templates/receipt-email.js';
import type { ReceiptDocument } from './templates/receipt-email.js';

/**
 * The receipt as a one-page PDF 1.4, written by hand: six objects, the built-in Helvetica fonts,
 * nothing embedded.
 *
 * Helvetica cannot draw Japanese, and embedding a CJK font would make every receipt megabytes
 * large, so the PDF is always in English and user text is reduced to printable ASCII: accents are
 * folded (é → e, full-width Ｋ → K) and any other character becomes '?'. The campaign is named by its English
 * title when it has one. The email that carries the PDF shows names and titles exactly, in the donor's language;
 * the receipt number ties the two together.
 */

const PAGE_WIDTH = 595; // A4 in points
const PAGE_HEIGHT = 842;
const MARGIN = 56;
const VALUE_X = 190;
const LINE_HEIGHT = 15;
// Conservative characters-per-line for 10 pt Helvetica, so wide capitals still fit the page.
const VALUE_CHARS = 60;
const PARAGRAPH_CHARS = 84;

interface TextLine {
  font: 'F1' | 'F2';
  size: number;
  x: number;
  text: string;
  /** Extra space above this line, in points. */
  gap?: number;
  /** Drawn on the previous line's baseline (a value beside its label). */
  sameLine?: boolean;
}

export function pdfSafeText(value: string): string {
  return value
    .replace(/\s+/g, ' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7E]/gu, '?');
}

export function escapePdfString(value: string): string {
  return value.replace(/[\\()]/g, (character) => `\\${character}`);
}

/** Splits text into lines of at most `width` characters, breaking at spaces where it can. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ').filter((w) => w !== '')) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

const TITLES = { receipt: 'Donation receipt', correction: 'Corrected donation receipt', cancellation: 'Receipt cancellation', reissue: 'Donation receipt (issued again)' } as const;

function detailRows(doc: ReceiptDocument): [string, string][] {
  const money = (amount: number) => formatMoneyWithCode(amount, doc.currency);
  const donor: [string, string][] = [
    ['Donor', doc.donorName ?? 'Donor'],
    ['Donor email', doc.donorEmail],
  ];
  const gift: [string, string][] = [
    ['Campaign', doc.campaignTitle],
    ['Date of gift', formatDate(doc.donatedAt, 'en')],
  ];
  const issued: [string, string] = ['Issued on', formatDate(doc.issuedAt, 'en')];
  if (doc.kind === 'receipt') {
    return [['Receipt number', doc.receiptNumber], ...donor, ...gift, ['Amount received', money(doc.amount)], issued];
  }
  if (doc.kind === 'reissue') {
    return [['Receipt number', doc.receiptNumber], ['Replaces', replacedBy(doc)], ...donor, ...gift, ['Amount given', money(doc.amount)], issued];
  }
  const refund = refundOf(doc);
  if (doc.kind === 'correction') {
    return [
      ['Receipt number', doc.receiptNumber],
      ['Replaces receipt', refund.originalReceiptNumber],
      ...donor,
      ...gift,
      ['Amount refunded', money(refund.refundedAmount)],
      ['Amount given', money(doc.amount)],
      issued,
    ];
  }
  return [
    ['Cancellation number', doc.receiptNumber],
    ['Cancelled receipt', refund.originalReceiptNumber],
    ...donor,
    ...gift,
    ['Amount refunded', money(refund.refundedAmount)],
    issued,
  ];
}

function statement(doc: ReceiptDocument): string {
  // A no-break space keeps "JPY 5,000" together when the sentence wraps; it is drawn as a space.
  const money = (amount: number) => formatMoneyWithCode(amount, doc.currency).replace(' ', '\u00A0');
  if (doc.kind === 'receipt') {
    return `Thank you for your gift of ${money(doc.amount)}. This document is the receipt for your donation.`;
  }
  if (doc.kind === 'reissue') {
    return `The refund of this gift could not be completed, so ${money(doc.amount)} remains given. This receipt is issued again and replaces ${replacedBy(doc)}.`;
  }
  const refund = refundOf(doc);
  if (doc.kind === 'correction') {
    return `Part of this gift (${money(refund.refundedAmount)}) was refunded. This corrected receipt states the ${money(doc.amount)} that remains given and replaces receipt ${refund.originalReceiptNumber}.`;
  }
  return `This gift was refunded in full (${money(refund.refundedAmount)}). Receipt ${refund.originalReceiptNumber} is void and no longer proves a donation.`;
}

function organisationLines(doc: ReceiptDocument): TextLine[] {
  const { legalName: name, address, email, certificationNumber: registration } = doc.organisation;
  const details = [...address.split(/\r?\n/), email, ...(registration ? [`Registration no. ${registration}`] : [])];
  return [{ font: 'F2', size: 12, x: MARGIN, text: name, gap: 10 }, ...details.map((text): TextLine => ({ font: 'F1', size: 10, x: MARGIN, text }))];
}

function detailLines(doc: ReceiptDocument): TextLine[] {
  const lines: TextLine[] = [];
  for (const [label, value] of detailRows(doc)) {
    const [first, ...rest] = wrapText(pdfSafeText(value), VALUE_CHARS);
    lines.push({ font: 'F2', size: 10, x: MARGIN, text: label, gap: lines.length === 0 ? 20 : 0 });
    lines.push({ font: 'F1', size: 10, x: VALUE_X, text: first, sameLine: true });
    lines.push(...rest.map((text): TextLine => ({ font: 'F1', size: 10, x: VALUE_X, text })));
  }
  return lines;
}

function pageLines(doc: ReceiptDocument): TextLine[] {
  const paragraph = wrapText(statement(doc), PARAGRAPH_CHARS);
  return [
    { font: 'F2', size: 18, x: MARGIN, text: TITLES[doc.kind] },
    ...organisationLines(doc),
    ...detailLines(doc),
    ...paragraph.map((text, index): TextLine => ({ font: 'F1', size: 10, x: MARGIN, text, gap: index === 0 ? 20 : 0 })),
  ];
}

function contentStream(lines: TextLine[]): string {
  let y = PAGE_HEIGHT - MARGIN - 18;
  const operators = ['BT'];
  for (const [index, line] of lines.entries()) {
    if (index > 0 && !line.sameLine) y -= LINE_HEIGHT + (line.gap ?? 0);
    const text = escapePdfString(pdfSafeText(line.text));
    operators.push(`/${line.font} ${line.size} Tf 1 0 0 1 ${line.x} ${y} Tm (${text}) Tj`);
  }
  operators.push('ET');
  return operators.join('\n');
}

function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** Serialises numbered objects with the xref table that gives each one's byte offset. */
function assemblePdf(objects: string[]): Buffer {
  // The comment of non-ASCII bytes tells transfer tools the file is binary.
  const parts = [Buffer.from('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n', 'latin1')];
  let length = parts[0].length;
  const offsets: number[] = [];
  for (const [index, body] of objects.entries()) {
    offsets.push(length);
    const part = Buffer.from(`${index + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
    parts.push(part);
    length += part.length;
  }
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`);
  const trailer =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries.join('')}` + `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 7 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(trailer, 'latin1'));
  return Buffer.concat(parts);
}

export function renderReceiptPdf(doc: ReceiptDocument): Buffer {
  const content = contentStream(pageLines(doc));
  const title = escapePdfString(pdfSafeText(`${TITLES[doc.kind]} ${doc.receiptNumber}`));
  return assemblePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    `<< /Title (${title}) /Producer (Kizuna) /CreationDate (${pdfDate(doc.issuedAt)}) >>`,
  ]);
}
