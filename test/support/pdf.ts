import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCREENSHOTS_DIR } from './browser.js';

/** Runs a poppler tool on a PDF held in memory; returns what it printed. */
function withPdfFile<T>(pdf: Buffer, use: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'kizuna-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return use(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text a reader copies out of the PDF (pdftotext, in reading order), with runs of spaces made one. */
export function pdfText(pdf: Buffer): string {
  return withPdfFile(pdf, (file) => execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).replace(/[ \t]+/g, ' ');
}

/** pdffonts' table: one line per font, with whether it is embedded and subset. */
export function pdfFonts(pdf: Buffer): string {
  return withPdfFile(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));
}

/**
 * Page 1 as a person sees it (pdftoppm at 100 dpi), saved beside the browser screenshots as `<name>.png`. Returns the
 * share of pixels that are not white, so a test can tell a drawn page from a blank one.
 */
export function pdfScreenshot(pdf: Buffer, name: string): number {
  return withPdfFile(pdf, (file, dir) => {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', '-f', '1', '-l', '1', file, join(SCREENSHOTS_DIR, name)]);
    execFileSync('pdftoppm', ['-gray', '-r', '30', '-singlefile', '-f', '1', '-l', '1', file, join(dir, 'page')]);
    const pixels = grayPixels(readFileSync(join(dir, 'page.pgm')));
    return pixels.filter((value) => value < 200).length / pixels.length;
  });
}

/** The pixel values of a binary PGM (P5, 8 bits), as pdftoppm -gray writes it. */
function grayPixels(pgm: Buffer): Uint8Array {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary PGM');
  return new Uint8Array(pgm.subarray(header[0].length));
}
