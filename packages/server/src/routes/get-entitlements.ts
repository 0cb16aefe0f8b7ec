import { billingRoutes } from '@billing-kit/core';
import { contractResponse } from '../http/json-response.js';
import { readEntitlements } from './compute-entitlements.js';
import { type RouteHandler, requireCustomer } from './route-context.js';

/** `GET /entitlements`: what the signed-in customer may use now, from the mirror. No Stripe call. */
export const getEntitlements: RouteHandler = async (request, context) => {
  const customerId = await requireCustomer(request, context);
  const entitlements = await readEntitlements(context.store, customerId, {
    catalog: context.catalog,
    gracePeriodDays: context.gracePeriodDays,
    now: context.now(),
  });
  return contractResponse(billingRoutes.getEntitlements.response, entitlements);
};
