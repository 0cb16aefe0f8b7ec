import { billingRoutes } from '@billing-kit/core';
import { ApiError } from '../http/api-error.js';
import { deriveIdempotencyKey } from '../http/idempotency-key.js';
import { contractResponse } from '../http/json-response.js';
import { readJsonBody } from '../http/read-body.js';
import { mirrorSubscription } from '../sync/sync-subscription.js';
import { activeSchedule } from './plan-change-request.js';
import { type RouteHandler, requireCustomer } from './route-context.js';
import { requireOwnSubscription, retrieveOwnSubscription, syncAndSummarize } from './subscription-access.js';

const CANCELABLE_STATUSES = new Set(['active', 'trialing', 'past_due']);

const nothingToCancel = () =>
  new ApiError(409, 'conflict', 'This subscription is not active, so there is nothing to cancel.');

/**
 * `POST /subscriptions/:id/cancel`: the subscription ends at the end of the current period
 * (`cancel_at_period_end`); the customer keeps the plan until then and can resume. A change scheduled for the
 * period end is dropped first (a schedule would otherwise keep the subscription going). Already canceling: answers
 * the current state without another change. The status is checked on the mirror and again on Stripe's copy.
 */
export const cancelSubscription: RouteHandler = async (request, context, params) => {
  const customerId = await requireCustomer(request, context);
  await readJsonBody(request, billingRoutes.cancelSubscription.request);
  const mirrored = await requireOwnSubscription(context, customerId, params.id);
  if (!CANCELABLE_STATUSES.has(mirrored.status)) throw nothingToCancel();
  const readAt = Date.now();
  const subscription = await retrieveOwnSubscription(context, customerId, mirrored.id);
  if (!CANCELABLE_STATUSES.has(subscription.status)) {
    // Stripe ended it (dunning gave up, say) and the webhook saying so has not arrived yet: catch the mirror up now
    // from the copy just read, so the customer's next read shows why, and refuse like the mirror would have.
    await mirrorSubscription(context.stripe, context.store, subscription, readAt);
    throw nothingToCancel();
  }
  if (!subscription.cancel_at_period_end) {
    const schedule = await activeSchedule(context, subscription);
    if (schedule) {
      await context.stripe.subscriptionSchedules.release(
        schedule.id,
        {},
        { idempotencyKey: await deriveIdempotencyKey(request, 'cancelSubscription.release', customerId) },
      );
    }
    await context.stripe.subscriptions.update(
      subscription.id,
      { cancel_at_period_end: true },
      { idempotencyKey: await deriveIdempotencyKey(request, 'cancelSubscription', customerId) },
    );
  }
  return contractResponse(billingRoutes.cancelSubscription.response, {
    subscription: await syncAndSummarize(context, customerId, subscription.id),
  });
};
