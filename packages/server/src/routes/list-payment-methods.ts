import { billingRoutes } from '@billing-kit/core';
import { contractResponse } from '../http/json-response.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { toPaymentMethodsResponse } from './wallet-access.js';

/** `GET /payment-methods`: the signed-in customer's saved cards from the mirror, default first. No Stripe call. */
export const listPaymentMethods: RouteHandler = async (request, context) => {
  const customerId = await requireCustomer(request, context);
  const wallet = await context.store.getCustomerWallet(customerId);
  return contractResponse(
    billingRoutes.listPaymentMethods.response,
    toPaymentMethodsResponse(wallet, context.now()),
  );
};
