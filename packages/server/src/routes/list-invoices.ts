import { billingRoutes, type InvoiceSummary } from '@billing-kit/core';
import { contractResponse } from '../http/json-response.js';
import type { InvoiceMirrorRow } from '../store/billing-store.js';
import { type RouteHandler, requireCustomer } from './route-context.js';

function toSummary(row: InvoiceMirrorRow & { status: InvoiceSummary['status'] }): InvoiceSummary {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    amountDue: row.amountDue,
    amountPaid: row.amountPaid,
    currency: row.currency,
    created: row.created,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    hostedInvoiceUrl: row.hostedInvoiceUrl,
    invoicePdf: row.invoicePdf,
  };
}

/**
 * `GET /invoices`: the signed-in customer's finalized invoices from the mirror, newest first, with Stripe's hosted
 * page and PDF links. Drafts are left out. No Stripe call.
 */
export const listInvoices: RouteHandler = async (request, context) => {
  const customerId = await requireCustomer(request, context);
  const rows = await context.store.getInvoices(customerId);
  return contractResponse(billingRoutes.listInvoices.response, {
    invoices: rows
      .filter((row): row is InvoiceMirrorRow & { status: InvoiceSummary['status'] } => row.status !== 'draft')
      .map(toSummary),
  });
};
