import { billingRoutes } from '@billing-kit/core';
import { ApiError } from '../http/api-error.js';
import { deriveIdempotencyKey } from '../http/idempotency-key.js';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { activeSchedule } from './plan-change-request.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { requireOwnSubscription, retrieveOwnSubscription, syncAndSummarize } from './subscription-access.js';

/**
 * `POST /subscriptions/:id/cancel-scheduled-change`: drops the change scheduled for the period end by releasing
 * the subscription's schedule; the current plan simply renews. 409 `conflict` when nothing is scheduled.
 */
export const cancelScheduledChange: RouteHandler = async (request, context, params) => {
  const customerId = await requireCustomer(request, context);
  await readJsonBody(request, billingRoutes.cancelScheduledChange.request);
  const mirrored = await requireOwnSubscription(context, customerId, params.id);
  const subscription = await retrieveOwnSubscription(context, customerId, mirrored.id);
  const schedule = await activeSchedule(context, subscription);
  if (!schedule) {
    // A double submit lands here once the first release went through: answer the same state.
    if (mirrored.scheduledChange === null) {
      throw new ApiError(409, 'conflict', 'No plan change is scheduled.');
    }
  } else {
    await context.stripe.subscriptionSchedules.release(
      schedule.id,
      {},
      { idempotencyKey: await deriveIdempotencyKey(request, 'cancelScheduledChange', customerId) },
    );
  }
  return contractResponse(billingRoutes.cancelScheduledChange.response, {
    subscription: await syncAndSummarize(context, customerId, subscription.id),
  });
};
