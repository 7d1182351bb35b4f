/**
 * `npm run bench:pdf`: the receipt PDFs alone, in this process, without servers. Prints, as Markdown:
 * - the first render, which reads and parses the font;
 * - renders per second of a Japanese and an English receipt once warm, and their size;
 * - what subsetting costs: a receipt whose text uses 30 and one that uses 300 distinct kanji;
 * - why the font is parsed once per process: a page given the font file, which pdfkit parses for every document,
 *   against the same page given the font parsed once.
 * Sequential renders on one core: the worker renders one receipt at a time per job. Times are this process's CPU
 * time (user + system), so other work on the machine does not inflate them; renders/s is per core.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { create } from 'fontkit';
import PDFDocument from 'pdfkit';
import { renderReceiptPdf } from '../src/notifications/receipt-pdf.js';
import type { ReceiptDocument } from '../src/notifications/templates/receipt-email.js';
import { round } from './stats.js';

const RENDERS = 200;
const FONT_FILE = 'src/notifications/fonts/ipag.ttf';

const JAPANESE: ReceiptDocument = {
  kind: 'receipt',
  receiptNumber: 'KZ-2026-000123',
  language: 'ja',
  donorName: '山田花子',
  donorEmail: 'hanako@example.jp',
  amount: 3000,
  currency: 'jpy',
  campaignTitle: '能登半島地震 2024 緊急支援',
  fundKind: 'shienkin',
  fundRecipient: null,
  recipient: { name: '山田花子', postalCode: '100-0005', address: '東京都千代田区丸の内1-2-3 丸の内マンション501', country: 'JP' },
  donatedAt: new Date('2026-11-30T16:30:00Z'),
  issuedAt: new Date('2026-12-01T00:30:00Z'),
  organisation: {
    version: 1,
    legalName: '特定非営利活動法人 きずな災害支援ネットワーク',
    address: '〒980-0811\n宮城県仙台市青葉区一番町4-5-6 きずなビル3階',
    representative: '代表理事 佐藤一郎',
    taxStatus: 'certified_npo',
    certificationNumber: '宮城県指令生第123号',
    certificationDate: '2021-04-01',
    timezone: 'Asia/Tokyo',
    email: 'receipts@kizuna.example',
    savedAt: new Date('2026-01-05T00:00:00Z'),
  },
};

const ENGLISH: ReceiptDocument = {
  ...JAPANESE,
  language: 'en',
  donorName: 'John Miller',
  currency: 'usd',
  amount: 30_000,
  recipient: null,
  campaignTitle: 'Noto Earthquake 2024 Emergency Relief',
  organisation: { ...JAPANESE.organisation, legalName: 'Kizuna Disaster Relief Network', address: '4-5-6 Ichibancho, Aoba-ku\nSendai, Miyagi 980-0811' },
};

/** `count` distinct kanji the font can draw, none of them in the rest of the receipt's text. */
function kanji(count: number): string {
  const font = create(readFileSync(FONT_FILE));
  const used = new Set(JSON.stringify(JAPANESE));
  const found: string[] = [];
  for (let codePoint = 0x4e00; found.length < count; codePoint++) {
    const character = String.fromCodePoint(codePoint);
    if (font.hasGlyphForCodePoint(codePoint) && !used.has(character)) found.push(character);
  }
  return found.join('');
}

interface Timing {
  msPerRender: number;
  perSecond: number;
  bytes: number;
}

function cpuMs(since?: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

async function timeRenders(render: () => Promise<Buffer>, renders: number): Promise<Timing> {
  let bytes = 0;
  const start = process.cpuUsage();
  for (let index = 0; index < renders; index++) bytes = (await render()).length;
  const ms = cpuMs(start);
  return { msPerRender: ms / renders, perSecond: (renders * 1000) / ms, bytes };
}

/** The Japanese receipt's words on a bare pdfkit page, with the font as pdfkit gets it: a file's bytes or a parsed font. */
function barePage(font: Buffer | object): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', font: font as unknown as string });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  for (const line of [
    '寄附金受領証明書',
    '山田花子 様',
    '〒100-0005 東京都千代田区丸の内1-2-3',
    '寄附金額 ¥3,000',
    '「能登半島地震 2024 緊急支援」の被災者支援活動',
    JAPANESE.organisation.legalName,
  ]) {
    pdf.fontSize(12).text(line);
  }
  pdf.end();
  return done;
}

const kb = (bytes: number) => `${round(bytes / 1024)} KB`;

async function main(): Promise<void> {
  const firstStart = process.cpuUsage();
  const firstWall = performance.now();
  const first = await renderReceiptPdf(JAPANESE);
  const firstMs = cpuMs(firstStart);
  const firstWallMs = performance.now() - firstWall;

  // Warm: compiled code and the glyphs of both receipts, as in a worker that has sent a few.
  await timeRenders(() => renderReceiptPdf(JAPANESE), 20);
  await timeRenders(() => renderReceiptPdf(ENGLISH), 20);
  const japanese = await timeRenders(() => renderReceiptPdf(JAPANESE), RENDERS);
  const english = await timeRenders(() => renderReceiptPdf(ENGLISH), RENDERS);
  const [thirty, threeHundred] = [kanji(30), kanji(300)];
  const few = await timeRenders(() => renderReceiptPdf({ ...JAPANESE, campaignTitle: thirty }), 50);
  const many = await timeRenders(() => renderReceiptPdf({ ...JAPANESE, campaignTitle: threeHundred }), 50);

  const fontFile = readFileSync(FONT_FILE);
  const parsedOnce = create(fontFile);
  const fromFile = await timeRenders(() => barePage(fontFile), 50);
  const fromParsed = await timeRenders(() => barePage(parsedOnce), 50);

  const lines = [
    `Receipt PDFs, ${RENDERS} sequential renders each after the first, CPU time of this process (Node ${process.versions.node}):`,
    '',
    '| figure | value |',
    '| --- | ---: |',
    `| first render (reads and parses the 6 MB font) | ${round(firstMs)} ms CPU (${round(firstWallMs)} ms wall), ${kb(first.length)} |`,
    `| Japanese certified-NPO receipt | ${round(japanese.perSecond)}/s per core (${round(japanese.msPerRender)} ms each), ${kb(japanese.bytes)} |`,
    `| English $300 receipt | ${round(english.perSecond)}/s per core (${round(english.msPerRender)} ms each), ${kb(english.bytes)} |`,
    `| subsetting: title of 30 distinct kanji | ${round(few.msPerRender)} ms, ${kb(few.bytes)} |`,
    `| subsetting: title of 300 distinct kanji | ${round(many.msPerRender)} ms, ${kb(many.bytes)} |`,
    `| bare page, font given as the file (pdfkit parses it per document) | ${round(fromFile.msPerRender)} ms |`,
    `| bare page, font parsed once and shared (what the receipts do) | ${round(fromParsed.msPerRender)} ms |`,
  ];
  console.log(lines.join('\n'));
}

await main();
