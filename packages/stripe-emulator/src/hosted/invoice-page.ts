import type { InvoiceFacts } from './invoice-facts.js';

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * The hosted invoice page (`hosted_invoice_url`): a small, accessible HTML document (landmarks, a captioned table
 * with column headers, the status in words) with the invoice's lines, totals and status, and a link to the PDF.
 */
export function renderInvoicePage(facts: InvoiceFacts, pdfPath: string): string {
  const e = escapeHtml;
  const rows = facts.lines
    .map(
      (line) =>
        `<tr><td>${e(line.description)}</td><td>${line.quantity ?? ''}</td><td>${e(line.period)}</td>` +
        `<td class="amount">${e(line.amount)}</td></tr>`,
    )
    .join('\n          ');
  const totals = facts.totals
    .map((total) => `<div><dt>${e(total.label)}</dt><dd class="amount">${e(total.value)}</dd></div>`)
    .join('\n        ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${e(facts.title)}</title>
    <style>
      body { font-family: system-ui, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; }
      table { border-collapse: collapse; width: 100%; }
      caption { text-align: left; font-weight: 600; padding-bottom: 0.5rem; }
      th, td { border-bottom: 1px solid #d0d0d0; padding: 0.5rem; text-align: left; }
      .amount { text-align: right; font-variant-numeric: tabular-nums; }
      dl div { display: flex; justify-content: space-between; max-width: 20rem; margin-left: auto; }
      .status { display: inline-block; border: 1px solid currentColor; border-radius: 0.25rem; padding: 0 0.5rem; }
    </style>
  </head>
  <body>
    <main>
      <h1>${e(facts.title)}</h1>
      <p>Status: <strong class="status" data-status="${e(facts.status)}">${e(facts.status)}</strong></p>
      <dl>
        <div><dt>Billed to</dt><dd>${e(facts.customer)}</dd></div>
        <div><dt>Issued</dt><dd>${e(facts.issued)}</dd></div>${facts.due ? `\n        <div><dt>Due</dt><dd>${e(facts.due)}</dd></div>` : ''}
      </dl>
      <table>
        <caption>Lines</caption>
        <thead>
          <tr><th scope="col">Description</th><th scope="col">Qty</th><th scope="col">Period</th><th scope="col" class="amount">Amount</th></tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
      <h2>Totals</h2>
      <dl>
        ${totals}
      </dl>
      <p><a href="${e(pdfPath)}">Download the PDF</a></p>
    </main>
  </body>
</html>
`;
}
