import type { InvoiceLinePreview } from '@billing-kit/core';
import type Stripe from 'stripe';

/** The lines of a Stripe invoice (or preview) as the contract shows them. */
export function invoiceLines(invoice: Stripe.Invoice): InvoiceLinePreview[] {
  return invoice.lines.data.map((line) => ({
    description: line.description ?? '',
    amount: line.amount,
    proration: line.parent?.subscription_item_details?.proration ?? false,
    period: { start: line.period.start, end: line.period.end },
  }));
}

/** Minor units of tax on an invoice, inclusive and exclusive. */
export function invoiceTax(invoice: Stripe.Invoice): number {
  return (invoice.total_taxes ?? []).reduce((sum, tax) => sum + tax.amount, 0);
}

/** Minor units discounts take off an invoice. */
export function invoiceDiscount(invoice: Stripe.Invoice): number {
  return (invoice.total_discount_amounts ?? []).reduce((sum, discount) => sum + discount.amount, 0);
}
