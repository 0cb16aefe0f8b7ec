import type { EmulatorState } from '../state.js';
import { invoiceFacts } from './invoice-facts.js';
import { renderInvoicePage } from './invoice-page.js';
import { renderInvoicePdf } from './invoice-pdf.js';

/** A response of the hosted pages (HTML or PDF). */
export interface HostedReply {
  status: number;
  contentType: string;
  body: string | Buffer;
}

const HOSTED_INVOICE = /^\/invoices\/(in_[A-Za-z0-9]+)(\.pdf)?\/?$/;

/** True for the paths the hosted pages answer (`/invoices/in_...` and `/invoices/in_....pdf`). */
export function isHostedPath(pathname: string): boolean {
  return pathname.startsWith('/invoices/');
}

function notFound(message: string): HostedReply {
  return {
    status: 404,
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><main><h1>Not found</h1><p>${message}</p></main></body></html>\n`,
  };
}

/**
 * `GET /invoices/:id` (the hosted invoice page) and `GET /invoices/:id.pdf` (the invoice PDF): what
 * `hosted_invoice_url` and `invoice_pdf` point to. Public, like Stripe's: the unguessable id is the access.
 */
export function handleHostedRequest(state: EmulatorState, method: string, pathname: string): HostedReply {
  const match = HOSTED_INVOICE.exec(pathname);
  if (method !== 'GET' || !match) {
    return notFound(
      'The emulator serves GET /invoices/in_... (the hosted invoice page) and /invoices/in_....pdf.',
    );
  }
  const invoiceId = match[1] as string;
  const invoice = state.invoices.get(invoiceId);
  if (!invoice) return notFound(`No such invoice: ${invoiceId}.`);
  const facts = invoiceFacts(state, invoice);
  if (match[2]) {
    return { status: 200, contentType: 'application/pdf', body: renderInvoicePdf(facts) };
  }
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: renderInvoicePage(facts, `/invoices/${invoiceId}.pdf`),
  };
}
