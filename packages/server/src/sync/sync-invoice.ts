import type Stripe from 'stripe';
import type { BillingStore, InvoiceMirrorRow } from '../store/billing-store.js';

const invoiceStatuses = new Set<string>(['draft', 'open', 'paid', 'uncollectible', 'void']);

/** The subscription an invoice bills (`invoice.parent.subscription_details` since API 2025-03-31). */
function subscriptionIdOf(invoice: Stripe.Invoice): string | null {
  const subscription = invoice.parent?.subscription_details?.subscription;
  if (!subscription) return null;
  return typeof subscription === 'string' ? subscription : subscription.id;
}

/**
 * The service period an invoice bills, from its lines. `invoice.period_start/end` describe the period whose pending
 * items were gathered (for a renewal, the one that just ended), which is not what a customer expects to read.
 */
function servicePeriodOf(invoice: Stripe.Invoice): { start: number; end: number } {
  const periods = (invoice.lines?.data ?? []).map((line) => line.period).filter(Boolean);
  if (periods.length === 0) return { start: invoice.period_start, end: invoice.period_end };
  return {
    start: Math.min(...periods.map((period) => period.start)),
    end: Math.max(...periods.map((period) => period.end)),
  };
}

/** Turns a Stripe invoice into its mirror row, or null for one the kit cannot show (no customer, odd status). */
export function invoiceToRow(invoice: Stripe.Invoice, version: number): InvoiceMirrorRow | null {
  const customerId = typeof invoice.customer === 'string' ? invoice.customer : invoice.customer?.id;
  if (!invoice.id || !customerId || !invoice.status || !invoiceStatuses.has(invoice.status)) return null;
  const period = servicePeriodOf(invoice);
  return {
    id: invoice.id,
    customerId,
    subscriptionId: subscriptionIdOf(invoice),
    number: invoice.number ?? null,
    status: invoice.status as InvoiceMirrorRow['status'],
    amountDue: invoice.amount_due,
    amountPaid: invoice.amount_paid,
    currency: invoice.currency,
    created: invoice.created,
    periodStart: period.start,
    periodEnd: period.end,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdf: invoice.invoice_pdf ?? null,
    finalizedAt: invoice.status_transitions?.finalized_at ?? null,
    version,
  };
}

/**
 * Writes an invoice the server just read from Stripe into the mirror.
 * @param version unix ms at which that read started: the write is skipped when the mirror holds a newer one.
 */
export async function mirrorInvoice(
  store: BillingStore,
  invoice: Stripe.Invoice,
  version: number,
): Promise<InvoiceMirrorRow | null> {
  const row = invoiceToRow(invoice, version);
  if (row) await store.upsertInvoice(row);
  return row;
}

/** Re-reads an invoice from Stripe into the mirror; an invoice Stripe no longer has (a deleted draft) is forgotten. */
export async function syncInvoice(
  stripe: Stripe,
  store: BillingStore,
  invoiceId: string,
): Promise<InvoiceMirrorRow | null> {
  const version = Date.now();
  let invoice: Stripe.Invoice;
  try {
    invoice = await stripe.invoices.retrieve(invoiceId);
  } catch (error) {
    if ((error as { code?: string }).code === 'resource_missing') {
      await store.deleteInvoice(invoiceId);
      return null;
    }
    throw error;
  }
  return mirrorInvoice(store, invoice, version);
}
