import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startEmulatorFixture } from '../../test/emulator-fixture.js';

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_hosted',
  sdk: { maxNetworkRetries: 0 },
});

/** A customer subscribed to `productName` at `unitAmount` (minor units) in `currency`; the first invoice is open. */
async function openInvoice(productName: string, unitAmount: number, currency: string) {
  const product = await stripe.products.create({ name: productName });
  const price = await stripe.prices.create({
    product: product.id,
    currency,
    unit_amount: unitAmount,
    recurring: { interval: 'month' },
  });
  const customer = await stripe.customers.create({ email: 'ada@example.com', name: 'Ada Lovelace' });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id, quantity: 2 }],
    payment_behavior: 'default_incomplete',
    expand: ['latest_invoice.confirmation_secret'],
  });
  return subscription.latest_invoice as Stripe.Invoice;
}

/** Checks the cross-reference table: every offset points at its `n 0 obj`, and startxref at `xref`. */
function expectValidXref(pdf: Buffer): void {
  const text = pdf.toString('latin1');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const [, countText] = /^xref\n0 (\d+)\n/.exec(text.slice(startxref)) ?? [];
  const entries = text
    .slice(startxref)
    .split('\n')
    .slice(3, 2 + Number(countText));
  entries.forEach((entry, index) => {
    const offset = Number(entry.slice(0, 10));
    expect(text.slice(offset, offset + `${index + 1} 0 obj`.length)).toBe(`${index + 1} 0 obj`);
  });
  const length = Number(/\/Length (\d+) >>\nstream\n/.exec(text)?.[1]);
  const streamStart = text.indexOf('stream\n') + 'stream\n'.length;
  expect(text.slice(streamStart + length, streamStart + length + '\nendstream'.length)).toBe('\nendstream');
}

describe('given a finalized invoice', () => {
  it('when its hosted_invoice_url is opened, then an accessible page shows its number, lines, totals and status', async () => {
    const invoice = await openInvoice('Pro plan', 1500, 'usd');

    const response = await fetch(invoice.hosted_invoice_url as string);
    const html = await response.text();

    expect(invoice.hosted_invoice_url).toBe(`${emulator.url}/invoices/${invoice.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<h1>Invoice ${invoice.number}</h1>`);
    expect(html).toContain('<th scope="col">Description</th>');
    expect(html).toMatch(/<td>[^<]*Pro plan[^<]*<\/td><td>2<\/td>/);
    expect(html).toContain('$30.00');
    expect(html).toContain('data-status="open"');
    expect(html).toContain(`href="/invoices/${invoice.id}.pdf"`);
  });

  it('when the invoice is paid, then the page says paid', async () => {
    const invoice = await openInvoice('Pro plan', 1500, 'usd');
    const secret = invoice.confirmation_secret?.client_secret as string;
    await stripe.paymentIntents.confirm(secret.split('_secret_')[0] as string, {
      payment_method: 'pm_card_visa',
    });

    const html = await (await fetch(invoice.hosted_invoice_url as string)).text();

    expect(html).toContain('data-status="paid"');
  });

  it('when the currency has no minor unit, then amounts are shown without decimals', async () => {
    const invoice = await openInvoice('Team plan', 1500, 'jpy');

    const html = await (await fetch(invoice.hosted_invoice_url as string)).text();

    expect(html).toContain('¥3,000');
  });

  it('when its invoice_pdf is downloaded, then it is a valid PDF with the same facts', async () => {
    const invoice = await openInvoice('Pro plan', 1500, 'usd');

    const response = await fetch(invoice.invoice_pdf as string);
    const pdf = Buffer.from(await response.arrayBuffer());
    const text = pdf.toString('latin1');

    expect(invoice.invoice_pdf).toBe(`${emulator.url}/invoices/${invoice.id}.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toContain(`(Invoice ${invoice.number})`);
    expect(text).toContain('$30.00');
    expect(text).toContain('Status: open');
    expect(text).toContain('Pro plan');
    // Helvetica with a standard encoding: every shown string is printable ASCII (× became x, ¥ became JPY).
    const shown = text.match(/\((?:[^()\\]|\\.)*\) Tj/g) ?? [];
    expect(shown.length).toBeGreaterThan(5);
    for (const string of shown) expect(string).toMatch(/^[\x20-\x7e]+$/);
    expect(text.endsWith('%%EOF\n')).toBe(true);
    expectValidXref(pdf);
  });

  it('when the invoice does not exist, then both URLs are a 404', async () => {
    const page = await fetch(`${emulator.url}/invoices/in_missing`);
    const pdf = await fetch(`${emulator.url}/invoices/in_missing.pdf`);

    expect(page.status).toBe(404);
    expect(await page.text()).toContain('No such invoice: in_missing');
    expect(pdf.status).toBe(404);
  });
});
