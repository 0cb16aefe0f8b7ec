import { billingRoutes } from '@billing-kit/core';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { requireOwnSubscription, syncAndSummarize } from './subscription-access.js';

/**
 * `POST /subscriptions/:id/confirm`: called by the client once Stripe.js confirmed a payment or setup (a new
 * subscription, a plan change that needed 3D Secure). Re-reads the subscription from Stripe and writes the mirror
 * at once, so the UI shows the result without waiting for a webhook. Another customer's id is 404 with no Stripe
 * call.
 */
export const confirmSubscription: RouteHandler = async (request, context, params) => {
  const customerId = await requireCustomer(request, context);
  await readJsonBody(request, billingRoutes.confirmSubscription.request);
  const mirrored = await requireOwnSubscription(context, customerId, params.id);
  return contractResponse(billingRoutes.confirmSubscription.response, {
    subscription: await syncAndSummarize(context, customerId, mirrored.id),
  });
};
