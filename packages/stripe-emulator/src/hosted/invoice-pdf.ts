import type { InvoiceFacts } from './invoice-facts.js';

/** PDF string literal: ASCII only (Helvetica with the standard encoding), with `\`, `(` and `)` escaped. */
const ASCII_STAND_INS: Record<string, string> = { '¥': 'JPY ', '€': 'EUR ', '£': 'GBP ', '×': 'x', '–': '-' };

function pdfText(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, (char) => ASCII_STAND_INS[char] ?? '?');
  return `(${ascii.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)')})`;
}

/**
 * A real, minimal, valid PDF 1.4 of the invoice, written by hand: one A4 page, Helvetica, one text object per
 * line, and a cross-reference table with exact byte offsets, so that any PDF reader opens it and text extraction
 * finds the same facts as the hosted page.
 */
export function renderInvoicePdf(facts: InvoiceFacts): Buffer {
  const lines: Array<{ text: string; size: number }> = [
    { text: facts.title, size: 18 },
    { text: `Status: ${facts.status}`, size: 11 },
    { text: `Billed to: ${facts.customer}`, size: 11 },
    { text: `Issued: ${facts.issued}${facts.due ? `   Due: ${facts.due}` : ''}`, size: 11 },
    { text: '', size: 11 },
    ...facts.lines.map((line) => ({
      text: `${line.description}   x${line.quantity ?? 1}   ${line.period}   ${line.amount}`,
      size: 10,
    })),
    { text: '', size: 11 },
    ...facts.totals.map((total) => ({ text: `${total.label}: ${total.value}`, size: 11 })),
  ];
  let y = 800;
  const operations: string[] = [];
  for (const line of lines) {
    if (y < 40) break;
    if (line.text !== '') operations.push(`BT /F1 ${line.size} Tf 50 ${y} Td ${pdfText(line.text)} Tj ET`);
    y -= line.size + 8;
  }
  const content = operations.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Title ${pdfText(facts.title)} /Producer (billing-kit stripe emulator) >>`,
  ];
  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
