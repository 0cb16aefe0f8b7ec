import { billingRoutes } from '@billing-kit/core';
import { ApiError } from '../http/api-error.js';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { syncCustomerWallet } from '../sync/sync-wallet.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { findOwnCard, makeDefaultCard, requireIdParam, toPaymentMethodsResponse } from './wallet-access.js';

/**
 * `POST /payment-methods/:id/default`: makes one of the customer's cards the default of the customer and of every
 * current subscription, then answers the wallet re-read from Stripe.
 */
export const setDefaultPaymentMethod: RouteHandler = async (request, context, params) => {
  const customerId = await requireCustomer(request, context);
  const paymentMethodId = requireIdParam(params.id, 'pm_', 'card');
  await readJsonBody(request, billingRoutes.setDefaultPaymentMethod.request);
  // Checked against the mirror: another customer's card never reaches Stripe.
  if (!findOwnCard(await context.store.getCustomerWallet(customerId), paymentMethodId)) {
    throw new ApiError(404, 'not_found', 'We could not find this card.');
  }
  await makeDefaultCard(request, context, customerId, paymentMethodId);
  const wallet = await syncCustomerWallet(context.stripe, context.store, customerId);
  return contractResponse(
    billingRoutes.setDefaultPaymentMethod.response,
    toPaymentMethodsResponse(wallet, context.now()),
  );
};
