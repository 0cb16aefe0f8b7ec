import { billingRoutes } from '@billing-kit/core';
import { contractResponse } from '../http/json-response.js';
import { type RouteHandler, requireCustomer } from './route-context.js';

/** `GET /subscriptions`: the signed-in customer's subscriptions as the mirror holds them. No Stripe call. */
export const listSubscriptions: RouteHandler = async (request, context) => {
  const customerId = await requireCustomer(request, context);
  return contractResponse(billingRoutes.listSubscriptions.response, {
    subscriptions: await context.store.getSubscriptions(customerId),
  });
};
