import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCREENSHOTS_DIR } from './browser.js';

/**
 * PDFs read back as a person would, with poppler-utils: the text a reader sees (pdftotext), the fonts it embeds
 * (pdffonts) and the page as an image (pdftoppm).
 */

function withFile<T>(pdf: Buffer, read: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-pdf-'));
  try {
    const path = join(dir, 'document.pdf');
    writeFileSync(path, pdf);
    return read(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of every page; `layout` keeps the columns side by side, `raw` keeps the order the text was drawn in. */
export function pdfText(pdf: Buffer, mode: 'layout' | 'raw' | 'reading' = 'reading'): string {
  const flags = mode === 'reading' ? [] : [`-${mode}`];
  return withFile(pdf, (path) => execFileSync('pdftotext', [...flags, '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }));
}

/** Runs of whitespace as one space: pdftotext spaces words by their positions on the page. */
export function squeezed(text: string): string {
  return text.replace(/\s+/g, ' ');
}

export interface EmbeddedFont {
  name: string;
  embedded: boolean;
  subset: boolean;
}

export function pdfFonts(pdf: Buffer): EmbeddedFont[] {
  const table = withFile(pdf, (path) => execFileSync('pdffonts', [path], { encoding: 'utf8' }));
  // name, type (may hold spaces), encoding, emb, sub, uni, object number, generation
  return table
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      const [emb, sub] = columns.slice(-5, -3);
      return { name: columns[0], embedded: emb === 'yes', subset: sub === 'yes' };
    });
}

/** pdfinfo's fields: Title, Author, Pages, PDF version… */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const info = withFile(pdf, (path) => execFileSync('pdfinfo', ['-enc', 'UTF-8', path], { encoding: 'utf8' }));
  const fields = info
    .split('\n')
    .filter((line) => line.includes(':'))
    .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]);
  return Object.fromEntries(fields);
}

/** Saves page 1 as test-results/screenshots/<name>.png, beside the browser tests' screenshots. */
export function savePageImage(pdf: Buffer, name: string): string {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  withFile(pdf, (path) => execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', '-f', '1', '-l', '1', path, join(SCREENSHOTS_DIR, name)]));
  return join(SCREENSHOTS_DIR, `${name}.png`);
}

/** The share of page 1's pixels that are not white, from a greyscale rendering (PGM). */
export function inkedShare(pdf: Buffer): number {
  const pgm = withFile(pdf, (path) => execFileSync('pdftoppm', ['-gray', '-r', '30', '-singlefile', '-f', '1', '-l', '1', path]));
  // P5 header: magic, width, height, maxval, each followed by whitespace; then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm -gray did not give a PGM image');
  const pixels = pgm.subarray(header[0].length);
  let inked = 0;
  for (const value of pixels) if (value < 200) inked++;
  return inked / pixels.length;
}
