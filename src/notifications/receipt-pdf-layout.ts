import { existsSync, readFileSync } from 'node:fs';
import { create, type Font, type Glyph } from 'fontkit';
import PDFDocument from 'pdfkit';
import type { Language } from '../common/money-format.js';

/**
 * The page every receipt PDF is drawn on: A4, IPAGothic, a title, label/value rows, paragraphs, tables that run over
 * several pages, the issuer, and a footer with the document number and page on every page.
 *
 * pdfkit embeds only the glyphs a document uses (a subset of the 6 MB font), so a receipt stays a few tens of KB.
 */

// The build copies src/notifications/fonts next to the compiled module; from src/ (ts-jest) the font is beside this file.
const FONT_FILES = [new URL('./fonts/ipag.ttf', import.meta.url), new URL('../../../src/notifications/fonts/ipag.ttf', import.meta.url)];

let ipaGothic: Font | undefined;

/**
 * IPAGothic, read and parsed once per process. Given the file's bytes, pdfkit parses the font again for every document,
 * and that parsing was most of a receipt's render time (bench/receipt-pdf.ts); a parsed font is only read from, so
 * every document shares it.
 */
function receiptFont(): Font {
  if (!ipaGothic) {
    const file = FONT_FILES.find((url) => existsSync(url));
    if (!file) throw new Error('the receipt font src/notifications/fonts/ipag.ttf is missing next to the compiled module: run npm run build');
    ipaGothic = withOutlinesKept(create(readFileSync(file)));
  }
  return ipaGothic;
}

/**
 * Every document's subset decodes each glyph's outline again, only to see whether the glyph is built of others; that
 * was a third of a Japanese receipt's time. The shared font keeps each glyph's decoded outline instead (read, never
 * changed: pdfkit copies the glyph's bytes and draws no outlines).
 */
function withOutlinesKept(font: Font): Font {
  const getGlyph = font.getGlyph.bind(font);
  const kept = new WeakSet<Glyph>();
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    const decode = glyph._decode?.bind(glyph);
    if (decode && !kept.has(glyph)) {
      let outline: unknown;
      let decoded = false;
      glyph._decode = () => {
        if (!decoded) [outline, decoded] = [decode(), true];
        return outline;
      };
      kept.add(glyph);
    }
    return glyph;
  };
  return font;
}

const MARGIN = 50;
const FOOTER_SPACE = 24;
const INK = '#1a1a1a';
const MUTED = '#5c5c5c';
const ALERT = '#b00020';
const RULE = '#9a9a9a';
const LABEL_WIDTH = 130;
const CELL_PADDING = 4;
const MISSING_GLYPH = '〓';

export interface DocumentInfo {
  /** The PDF's Title: the document's number and name. */
  title: string;
  author: string;
  language: Language;
  issuedAt: Date;
}

export interface TableColumn {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

export class ReceiptLayout {
  private readonly pdf: PDFKit.PDFDocument;
  private readonly bytes: Promise<Buffer>;
  private y = MARGIN;

  constructor(info: DocumentInfo) {
    this.pdf = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      // Marked content with ActualText (see write()) is PDF 1.5 and later.
      pdfVersion: '1.7',
      lang: info.language === 'ja' ? 'ja-JP' : 'en',
      displayTitle: true,
      // pdfkit takes a parsed fontkit font as well as a file (PDFFontFactory.open); its types list only names and files.
      font: receiptFont() as unknown as string,
      // The issue date as the creation date: the same document renders to the same bytes when printed again.
      info: { Title: info.title, Author: info.author, Producer: 'Kizuna', Creator: 'Kizuna', CreationDate: info.issuedAt },
    });
    const chunks: Buffer[] = [];
    this.bytes = new Promise((resolve, reject) => {
      this.pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.pdf.on('end', () => resolve(Buffer.concat(chunks)));
      this.pdf.on('error', reject);
    });
    this.pdf.fillColor(INK);
  }

  /** The width between the margins, which a table shares between its columns. */
  get width(): number {
    return this.pdf.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.pdf.page.height - MARGIN - FOOTER_SPACE;
  }

  /** Starts a new page when `height` more points would not fit on this one. */
  private room(height: number): void {
    if (this.y + height <= this.bottom) return;
    this.pdf.addPage();
    this.y = MARGIN;
  }

  private height(text: string, size: number, width: number, lineGap = 0): number {
    return this.pdf.fontSize(size).heightOfString(text, { width, lineGap });
  }

  /**
   * Draws text as given. A character the font has no glyph for (IPAGothic lacks some beyond JIS X 0213, such as 𠮷) is
   * drawn as 〓, the mark Japanese print uses for a character it cannot set, and the text is marked with its
   * ActualText, so that copying it or a reader's text extraction still gives the name exactly.
   */
  private write(text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions & { size: number; color?: string }): void {
    const { size, color = INK, ...textOptions } = options;
    const drawn = [...text].map((character) => (/\s/.test(character) || receiptFont().hasGlyphForCodePoint(character.codePointAt(0) ?? 0) ? character : MISSING_GLYPH)).join('');
    if (drawn !== text) this.pdf.markContent('Span', { actual: text });
    this.pdf.fontSize(size).fillColor(color).text(drawn, x, y, textOptions);
    if (drawn !== text) this.pdf.endMarkedContent();
  }

  title(text: string): void {
    const height = this.height(text, 20, this.width);
    // IPAGothic has no bold: a thin outline around the filled glyphs gives the title its weight.
    this.pdf.lineWidth(0.4).strokeColor(INK);
    this.write(text, MARGIN, this.y, { size: 20, width: this.width, align: 'center', fill: true, stroke: true });
    this.y += height + 8;
  }

  /** A line that must not be missed: a correction, a cancellation, a document issued again. */
  banner(text: string): void {
    const height = this.height(text, 11, this.width - 16) + 10;
    this.room(height);
    this.pdf.lineWidth(1).rect(MARGIN, this.y, this.width, height).stroke(ALERT);
    this.write(text, MARGIN + 8, this.y + 5, { size: 11, width: this.width - 16, align: 'center', color: ALERT });
    this.y += height + 10;
  }

  /** Who the document is made out to (left) beside its number and dates (right). */
  header(addressee: string, addressLines: string[], references: [string, string][]): void {
    const top = this.y;
    const leftWidth = this.width * 0.55;
    this.write(addressee, MARGIN, top, { size: 14, width: leftWidth });
    let left = top + this.height(addressee, 14, leftWidth) + 2;
    this.pdf
      .lineWidth(0.8)
      .moveTo(MARGIN, left)
      .lineTo(MARGIN + leftWidth, left)
      .stroke(INK);
    left += 6;
    for (const line of addressLines) {
      this.write(line, MARGIN, left, { size: 10, width: leftWidth });
      left += this.height(line, 10, leftWidth) + 1;
    }
    const rightX = MARGIN + this.width * 0.6;
    const rightWidth = this.width * 0.4;
    let right = top;
    for (const [label, value] of references) {
      const line = `${label}  ${value}`;
      this.write(line, rightX, right, { size: 9.5, width: rightWidth, align: 'right', color: MUTED });
      right += this.height(line, 9.5, rightWidth) + 2;
    }
    this.y = Math.max(left, right) + 14;
  }

  /** The amount in a box of its own: the line a donor and a tax office look for first. */
  amount(label: string, value: string): void {
    const height = 40;
    this.room(height);
    this.pdf.lineWidth(1.2).rect(MARGIN, this.y, this.width, height).stroke(INK);
    // One baseline for both, so the label reads before the amount.
    const baseline = this.y + 27;
    this.write(label, MARGIN + 12, baseline, { size: 11, width: this.width / 2, baseline: 'alphabetic' });
    this.pdf.lineWidth(0.3).strokeColor(INK);
    this.write(value, MARGIN + this.width / 2, baseline, { size: 18, width: this.width / 2 - 12, align: 'right', fill: true, stroke: true, baseline: 'alphabetic' });
    this.y += height + 14;
  }

  rows(rows: [string, string][]): void {
    const valueWidth = this.width - LABEL_WIDTH;
    for (const [label, value] of rows) {
      const height = Math.max(this.height(label, 10, LABEL_WIDTH - 8), this.height(value, 10, valueWidth)) + 6;
      this.room(height);
      this.write(label, MARGIN, this.y + 3, { size: 10, width: LABEL_WIDTH - 8, color: MUTED });
      this.write(value, MARGIN + LABEL_WIDTH, this.y + 3, { size: 10, width: valueWidth });
      this.y += height;
      this.pdf
        .lineWidth(0.3)
        .moveTo(MARGIN, this.y)
        .lineTo(MARGIN + this.width, this.y)
        .stroke(RULE);
    }
    this.y += 12;
  }

  paragraphs(texts: string[], style: 'body' | 'note' = 'body'): void {
    const size = style === 'body' ? 10 : 8.5;
    for (const text of texts) {
      const height = this.height(text, size, this.width, 2);
      this.room(height);
      this.write(text, MARGIN, this.y, { size, width: this.width, color: style === 'body' ? INK : MUTED, lineGap: 2 });
      this.y += height + 4;
    }
    this.y += 6;
  }

  section(heading: string): void {
    const height = this.height(heading, 12, this.width) + 6;
    this.room(height + 40);
    this.write(heading, MARGIN, this.y, { size: 12, width: this.width });
    this.y += height;
  }

  /** Rows under a header that is drawn again at the top of every page the table runs onto. */
  table(columns: TableColumn[], rows: string[][]): void {
    const drawHeader = () => {
      this.cells(
        columns,
        columns.map((column) => column.header),
        MUTED,
      );
      this.pdf
        .lineWidth(0.8)
        .moveTo(MARGIN, this.y)
        .lineTo(MARGIN + this.width, this.y)
        .stroke(INK);
    };
    drawHeader();
    for (const row of rows) {
      if (this.y + this.rowHeight(columns, row) > this.bottom) {
        this.pdf.addPage();
        this.y = MARGIN;
        drawHeader();
      }
      this.cells(columns, row, INK);
      this.pdf
        .lineWidth(0.3)
        .moveTo(MARGIN, this.y)
        .lineTo(MARGIN + this.width, this.y)
        .stroke(RULE);
    }
  }

  /** A table's total: a label across the first columns and the amount under the last. */
  total(columns: TableColumn[], label: string, value: string): void {
    const amountWidth = columns[columns.length - 1].width;
    const height = this.height(value, 11, amountWidth) + 2 * CELL_PADDING;
    this.room(height);
    this.pdf
      .lineWidth(0.8)
      .moveTo(MARGIN, this.y)
      .lineTo(MARGIN + this.width, this.y)
      .stroke(INK);
    this.write(label, MARGIN + CELL_PADDING, this.y + CELL_PADDING, { size: 11, width: this.width - amountWidth - 2 * CELL_PADDING, align: 'right' });
    this.pdf.lineWidth(0.3).strokeColor(INK);
    const amountX = MARGIN + this.width - amountWidth;
    this.write(value, amountX + CELL_PADDING, this.y + CELL_PADDING, { size: 11, width: amountWidth - 2 * CELL_PADDING, align: 'right', fill: true, stroke: true });
    this.y += height + 16;
  }

  private rowHeight(columns: TableColumn[], cells: string[]): number {
    return Math.max(...cells.map((cell, index) => this.height(cell, 9.5, columns[index].width - 2 * CELL_PADDING))) + 2 * CELL_PADDING;
  }

  private cells(columns: TableColumn[], cells: string[], color: string): void {
    const height = this.rowHeight(columns, cells);
    let x = MARGIN;
    for (const [index, column] of columns.entries()) {
      this.write(cells[index], x + CELL_PADDING, this.y + CELL_PADDING, { size: 9.5, width: column.width - 2 * CELL_PADDING, align: column.align ?? 'left', color });
      x += column.width;
    }
    this.y += height;
  }

  /** The issuer, in the lower right as on a Japanese receipt. */
  issuer(heading: string, lines: string[]): void {
    this.y += 10;
    const x = MARGIN + this.width * 0.45;
    const width = this.width * 0.55;
    const height = this.height(heading, 9, width) + lines.reduce((sum, line, index) => sum + this.height(line, index === 0 ? 12 : 10, width) + 1, 0) + 8;
    this.room(height);
    this.write(heading, x, this.y, { size: 9, width, color: MUTED });
    this.y += this.height(heading, 9, width) + 4;
    for (const [index, line] of lines.entries()) {
      const size = index === 0 ? 12 : 10;
      this.write(line, x, this.y, { size, width });
      this.y += this.height(line, size, width) + 1;
    }
    this.y += 8;
  }

  /** Writes the footer on every page and gives the finished file. */
  finish(footer: string): Promise<Buffer> {
    const { start, count } = this.pdf.bufferedPageRange();
    for (let index = start; index < start + count; index++) {
      this.pdf.switchToPage(index);
      // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
      const margins = this.pdf.page.margins;
      this.pdf.page.margins = { ...margins, bottom: 0 };
      const text = count > 1 ? `${footer}  ${index - start + 1} / ${count}` : footer;
      this.write(text, MARGIN, this.pdf.page.height - MARGIN, { size: 8, width: this.width, align: 'right', color: MUTED });
      this.pdf.page.margins = margins;
    }
    this.pdf.end();
    return this.bytes;
  }
}
