import { billingRoutes, type PayInvoiceResponse } from '@billing-kit/core';
import { ApiError } from '../http/api-error.js';
import { deriveIdempotencyKey } from '../http/idempotency-key.js';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { isStripeError } from '../http/stripe-errors.js';
import { mirrorInvoice, syncInvoice } from '../sync/sync-invoice.js';
import { syncSubscription } from '../sync/sync-subscription.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { findOwnCard, requireIdParam } from './wallet-access.js';

// Stripe's answer to `invoices.pay` when the bank wants the customer present (3D Secure).
const REQUIRES_ACTION_CODES = new Set(['invoice_payment_intent_requires_action', 'authentication_required']);

/** What the client needs to authenticate the invoice's payment on session, read back from Stripe. */
async function authenticationNeeded(
  context: Parameters<RouteHandler>[1],
  invoiceId: string,
  cause: unknown,
): Promise<PayInvoiceResponse> {
  const version = Date.now();
  const invoice = await context.stripe.invoices.retrieve(invoiceId, { expand: ['confirmation_secret'] });
  await mirrorInvoice(context.store, invoice, version);
  const clientSecret = invoice.confirmation_secret?.client_secret;
  if (!clientSecret) {
    throw new ApiError(500, 'internal_error', 'Something went wrong on our side. Please try again later.', {
      cause,
    });
  }
  return { status: 'requires_action', clientSecret };
}

/**
 * `POST /invoices/:id/pay`: charges one of the customer's open invoices off session, with the default card or the
 * chosen `paymentMethodId`. Answers `paid` (the invoice and its subscription are re-read into the mirror at once),
 * `requires_action` with the client secret to confirm on session when the bank asks for 3D Secure, or 402
 * `card_declined` with Stripe's decline code.
 */
export const payInvoice: RouteHandler = async (request, context, params) => {
  const customerId = await requireCustomer(request, context);
  const invoiceId = requireIdParam(params.id, 'in_', 'invoice');
  const body = await readJsonBody(request, billingRoutes.payInvoice.request);

  // Both ids are checked against the mirror: another customer's invoice or card never reaches Stripe.
  const invoice = await context.store.findInvoice(invoiceId);
  if (!invoice || invoice.customerId !== customerId || invoice.status === 'draft') {
    throw new ApiError(404, 'not_found', 'We could not find this invoice.');
  }
  if (invoice.status !== 'open') {
    throw new ApiError(
      409,
      'conflict',
      invoice.status === 'paid' ? 'This invoice is already paid.' : 'This invoice can no longer be paid.',
    );
  }
  if (
    body.paymentMethodId !== undefined &&
    !findOwnCard(await context.store.getCustomerWallet(customerId), body.paymentMethodId)
  ) {
    throw new ApiError(400, 'invalid_request', 'This card is not one of your saved cards.', {
      field: 'paymentMethodId',
    });
  }

  const idempotencyKey = await deriveIdempotencyKey(request, 'payInvoice', customerId);
  try {
    await context.stripe.invoices.pay(
      invoiceId,
      {
        off_session: true,
        ...(body.paymentMethodId === undefined ? {} : { payment_method: body.paymentMethodId }),
      },
      { idempotencyKey: `${idempotencyKey}-${invoiceId}` },
    );
  } catch (error) {
    if (!isStripeError(error)) throw error;
    if (error.type === 'StripeCardError' && REQUIRES_ACTION_CODES.has(error.code ?? '')) {
      return contractResponse(
        billingRoutes.payInvoice.response,
        await authenticationNeeded(context, invoiceId, error),
      );
    }
    if (error.type === 'StripeInvalidRequestError') {
      // The mirror thought it open but Stripe no longer does (paid or voided meanwhile): catch up and say so.
      await syncInvoice(context.stripe, context.store, invoiceId);
      throw new ApiError(409, 'conflict', 'This invoice can no longer be paid. Reload to see its status.');
    }
    throw error;
  }

  // Eager sync: the portal shows the invoice paid and the subscription active without waiting for webhooks.
  await syncInvoice(context.stripe, context.store, invoiceId);
  if (invoice.subscriptionId) await syncSubscription(context.stripe, context.store, invoice.subscriptionId);
  return contractResponse(billingRoutes.payInvoice.response, { status: 'paid' });
};
