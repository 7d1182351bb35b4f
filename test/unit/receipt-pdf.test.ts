import { escapePdfString, pdfSafeText, renderReceiptPdf, wrapText } from '../../src/notifications/receipt-pdf.js';
import type { ReceiptDocument } from '../../src/notifications/templates/receipt-email.js';

function receipt(overrides: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return {
    kind: 'receipt',
    receiptNumber: 'KZ-2026-000123',
    language: 'en',
    donorName: 'Aiko Tanaka',
    donorEmail: 'aiko@example.org',
    amount: 5000,
    currency: 'jpy',
    campaignTitle: 'Noto earthquake relief (2026)',
    donatedAt: new Date('2026-11-28T09:15:00Z'),
    issuedAt: new Date('2026-11-29T00:00:00Z'),
    organisation: { name: 'Kizuna Relief', address: '1-2-3 Marunouchi\nTokyo', email: 'receipts@kizuna.example', registration: 'NPO-42' },
    ...overrides,
  };
}

/** The PDF's structure as a reader sees it: xref entries, startxref, and the content stream. */
function structure(pdf: Buffer) {
  const source = pdf.toString('latin1');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n?$/.exec(source)![1]);
  const xref = /^xref\n0 (\d+)\n((?:\d{10} \d{5} [fn] \n)+)trailer\n<< \/Size (\d+) /m.exec(source.slice(startxref))!;
  const offsets = xref[2]
    .trim()
    .split('\n')
    .map((entry) => Number(entry.slice(0, 10)));
  const stream = /<< \/Length (\d+) >>\nstream\n/.exec(source)!;
  const streamStart = stream.index + stream[0].length;
  const content = source.slice(streamStart, streamStart + Number(stream[1]));
  return { source, startxref, count: Number(xref[1]), size: Number(xref[3]), offsets, content, afterStream: source.slice(streamStart + Number(stream[1])) };
}

/** The strings drawn at horizontal position x, unescaped, in page order. */
function drawnAt(content: string, x: number): string[] {
  const pattern = new RegExp(`1 0 0 1 ${x} \\d+ Tm \\(((?:\\\\.|[^\\\\)])*)\\) Tj`, 'g');
  return [...content.matchAll(pattern)].map((match) => match[1].replace(/\\(.)/g, '$1'));
}

describe('receipt PDF', () => {
  it('is a PDF 1.4 file from header to %%EOF', () => {
    const pdf = renderReceiptPdf(receipt());
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595 842]');
    expect(pdf.toString('latin1')).toContain('/BaseFont /Helvetica');
  });

  it('has an xref table whose offsets point at each object', () => {
    const { source, startxref, count, size, offsets } = structure(renderReceiptPdf(receipt()));
    expect(source.startsWith('xref\n', startxref)).toBe(true);
    expect(count).toBe(size);
    expect(offsets).toHaveLength(count);
    expect(offsets[0]).toBe(0);
    for (let number = 1; number < count; number++) {
      expect(source.slice(offsets[number], offsets[number] + `${number} 0 obj\n`.length)).toBe(`${number} 0 obj\n`);
    }
  });

  it('gives the content stream its exact length', () => {
    const { content, afterStream } = structure(renderReceiptPdf(receipt()));
    expect(content.startsWith('BT\n')).toBe(true);
    expect(content.endsWith('\nET')).toBe(true);
    expect(afterStream.startsWith('\nendstream\nendobj\n')).toBe(true);
  });

  it('states the receipt details, with amounts by ISO code', () => {
    const { content } = structure(renderReceiptPdf(receipt()));
    expect(content).toContain('(Donation receipt) Tj');
    expect(content).toContain('(KZ-2026-000123) Tj');
    expect(content).toContain('(JPY 5,000) Tj');
    expect(content).toContain('(Aiko Tanaka) Tj');
    expect(content).toContain('(28 November 2026) Tj');
    expect(content).toContain('(Registration no. NPO-42) Tj');
    expect(structure(renderReceiptPdf(receipt({ amount: 2500, currency: 'usd' }))).content).toContain('(USD 25.00) Tj');
  });

  it('escapes parentheses and backslashes in PDF strings', () => {
    const { content } = structure(renderReceiptPdf(receipt({ donorName: 'A (B) \\ C' })));
    expect(content).toContain('(Noto earthquake relief \\(2026\\)) Tj');
    expect(content).toContain('(A \\(B\\) \\\\ C) Tj');
    expect(escapePdfString('a(b)c\\')).toBe('a\\(b\\)c\\\\');
  });

  it('writes English and printable ASCII only, whatever the language', () => {
    const pdf = renderReceiptPdf(
      receipt({ language: 'ja', donorName: 'José Müller', campaignTitle: '能登 relief', organisation: { name: 'Ｋizuna', address: 'Tokyo', email: 'r@k.example' } }),
    );
    expect([...pdf.subarray(20)].every((byte) => byte === 0x0a || (byte >= 0x20 && byte <= 0x7e))).toBe(true);
    const { content } = structure(pdf);
    expect(content).toContain('(Jose Muller) Tj');
    expect(content).toContain('(?? relief) Tj');
    expect(content).toContain('(Kizuna) Tj');
    expect(pdfSafeText('tab\there\nnewline 😀')).toBe('tab here newline ?');
  });

  it('describes corrections and cancellations', () => {
    const correction = structure(
      renderReceiptPdf(receipt({ kind: 'correction', receiptNumber: 'KZ-2026-000200', originalReceiptNumber: 'KZ-2026-000123', amount: 3000, refundedAmount: 2000 })),
    ).content;
    expect(correction).toContain('(Corrected donation receipt) Tj');
    expect(correction).toContain('(JPY 2,000) Tj');
    expect(correction).toContain('(JPY 3,000) Tj');
    expect(correction).toMatch(/replaces receipt KZ-2026-000123/);

    const cancellation = structure(
      renderReceiptPdf(receipt({ kind: 'cancellation', receiptNumber: 'KZ-2026-000201', originalReceiptNumber: 'KZ-2026-000123', amount: 0, refundedAmount: 5000 })),
    ).content;
    expect(cancellation).toContain('(Receipt cancellation) Tj');
    expect(drawnAt(cancellation, 56).join(' ')).toContain('This gift was refunded in full (JPY 5,000). Receipt KZ-2026-000123 is void and no longer proves a donation.');
  });

  it('wraps long titles onto further lines instead of running off the page', () => {
    const title = 'Emergency shelter, water and medical care for the families displaced by the Noto Peninsula earthquake';
    const { content } = structure(renderReceiptPdf(receipt({ campaignTitle: title })));
    const drawn = drawnAt(content, 190);
    expect(drawn.join(' ')).toContain(title);
    expect(Math.max(...drawn.map((line) => line.length))).toBeLessThanOrEqual(60);
    expect(wrapText('aaaa bbbb cccccccccc', 6)).toEqual(['aaaa', 'bbbb', 'cccccc', 'cccc']);
  });
});
