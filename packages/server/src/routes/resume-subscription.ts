import { billingRoutes } from '@billing-kit/core';
import { ApiError } from '../http/api-error.js';
import { deriveIdempotencyKey } from '../http/idempotency-key.js';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { requireOwnSubscription, retrieveOwnSubscription, syncAndSummarize } from './subscription-access.js';

/**
 * `POST /subscriptions/:id/resume`: undoes a cancel at period end before the period is over, so the plan renews.
 * A subscription that already ended cannot resume (409: start a new one). Not canceling: answers the current state.
 */
export const resumeSubscription: RouteHandler = async (request, context, params) => {
  const customerId = await requireCustomer(request, context);
  await readJsonBody(request, billingRoutes.resumeSubscription.request);
  const mirrored = await requireOwnSubscription(context, customerId, params.id);
  const subscription = await retrieveOwnSubscription(context, customerId, mirrored.id);
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw new ApiError(409, 'conflict', 'This subscription has ended. Choose a plan to subscribe again.');
  }
  if (subscription.cancel_at_period_end) {
    await context.stripe.subscriptions.update(
      subscription.id,
      { cancel_at_period_end: false },
      { idempotencyKey: await deriveIdempotencyKey(request, 'resumeSubscription', customerId) },
    );
  }
  return contractResponse(billingRoutes.resumeSubscription.response, {
    subscription: await syncAndSummarize(context, customerId, subscription.id),
  });
};
