import { formatDate, formatMoneyWithCode } from '../common/money-format.js';
import type { RenderedEmail } from './templates/organisation.js';
import type { AnnualReceiptDocument } from './templates/receipt-document.js';

// A temporary stand-in until the pdfkit renderer lands: plain ASCII text on one page, Japanese shown as '?'.

function lines(doc: AnnualReceiptDocument): string[] {
  return [
    `${doc.replacesNumber ? `Annual receipt (reissued, replaces ${doc.replacesNumber})` : 'Annual receipt'} ${doc.receiptNumber}`,
    `Year ${doc.year}`,
    `Donor ${doc.recipient?.name ?? doc.donorName ?? ''}`,
    ...doc.gifts.map((g) => `${formatDate(g.donatedAt, 'en')} ${g.campaignTitle} ${formatMoneyWithCode(g.amount, doc.currency)}`),
    `Total ${formatMoneyWithCode(doc.total, doc.currency)}`,
  ];
}

export async function renderAnnualReceiptPdf(doc: AnnualReceiptDocument): Promise<Buffer> {
  const text = lines(doc)
    .map((line, i) => `BT /F1 11 Tf 50 ${780 - i * 16} Td (${line.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, '\\$&')}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const offset = Buffer.byteLength(body);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export function renderAnnualReceiptEmail(doc: AnnualReceiptDocument): RenderedEmail {
  const ja = doc.language === 'ja';
  const subject = ja ? `${doc.year}年 年間領収書 ${doc.receiptNumber}` : `Your ${doc.year} annual receipt ${doc.receiptNumber}`;
  const text = [ja ? `${doc.donorName ?? 'ご寄付者'} 様` : `Dear ${doc.donorName ?? 'donor'},`, '', ...lines(doc)].join('\n');
  return { subject, text, html: `<pre>${text.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</pre>` };
}
