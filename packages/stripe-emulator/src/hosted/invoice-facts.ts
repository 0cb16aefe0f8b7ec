import type Stripe from 'stripe';
import { formatAmount } from '../billing/money.js';
import type { EmulatorState } from '../state.js';

/** One line as the hosted page and the PDF show it. */
export interface InvoiceLineFact {
  description: string;
  quantity: number | null;
  period: string;
  amount: string;
  proration: boolean;
}

/** The facts of an invoice in display form, shared by the HTML page and the PDF so that both say the same. */
export interface InvoiceFacts {
  title: string;
  number: string;
  status: string;
  customer: string;
  issued: string;
  due: string | null;
  lines: InvoiceLineFact[];
  totals: Array<{ label: string; value: string }>;
}

function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

function lineDescription(state: EmulatorState, line: Stripe.InvoiceLineItem): string {
  if (line.description) return line.description;
  const priceId = line.pricing?.price_details?.price;
  const price = typeof priceId === 'string' ? state.prices.get(priceId) : priceId;
  const productId = price
    ? typeof price.product === 'string'
      ? price.product
      : price.product.id
    : undefined;
  const product = productId === undefined ? undefined : state.products.get(productId);
  const name = product?.name ?? price?.nickname ?? priceId ?? 'Item';
  const proration = line.parent?.subscription_item_details?.proration ? ' (proration)' : '';
  return `${typeof name === 'string' ? name : name.id}${proration}`;
}

/** Reads the display facts of `invoice` from the store (product names for lines without a description). */
export function invoiceFacts(state: EmulatorState, invoice: Stripe.Invoice): InvoiceFacts {
  const money = (amount: number) => formatAmount(amount, invoice.currency);
  const number = invoice.number ?? invoice.id;
  const discount = (invoice.total_discount_amounts ?? []).reduce((sum, entry) => sum + entry.amount, 0);
  const tax = (invoice.total_taxes ?? []).reduce((sum, entry) => sum + entry.amount, 0);
  const totals = [
    { label: 'Subtotal', value: money(invoice.subtotal) },
    ...(discount > 0 ? [{ label: 'Discount', value: money(-discount) }] : []),
    ...(tax > 0 ? [{ label: 'Tax', value: money(tax) }] : []),
    { label: 'Total', value: money(invoice.total) },
    { label: 'Amount paid', value: money(invoice.amount_paid) },
    { label: 'Amount due', value: money(invoice.amount_remaining) },
  ];
  return {
    title: `Invoice ${number}`,
    number,
    status: invoice.status ?? 'draft',
    customer: invoice.customer_name ?? invoice.customer_email ?? String(invoice.customer ?? ''),
    issued: formatDate(invoice.status_transitions?.finalized_at ?? invoice.created),
    due: invoice.due_date === null ? null : formatDate(invoice.due_date),
    lines: invoice.lines.data.map((line) => ({
      description: lineDescription(state, line),
      quantity: line.quantity,
      period: `${formatDate(line.period.start)} to ${formatDate(line.period.end)}`,
      amount: money(line.amount),
      proration: line.parent?.subscription_item_details?.proration ?? false,
    })),
    totals,
  };
}
