import type { SubscriptionSummary } from '@billing-kit/core';
import type Stripe from 'stripe';
import { ApiError } from '../http/api-error.js';
import { classifyPlanChange, type PlanChangeClass } from './plan-change-kind.js';
import type { RouteContext } from './route-context.js';
import { type CatalogChoice, requireCatalogChoice, requireOwnSubscription } from './subscription-access.js';

/** Statuses in which a plan can change. `past_due` must pay first; `incomplete` must finish its first payment. */
const CHANGEABLE_STATUSES = new Set(['active', 'trialing']);

/** A plan change checked against the customer, the mirror and the catalog, before any Stripe call. */
export interface CheckedPlanChange {
  subscription: SubscriptionSummary;
  target: CatalogChoice;
  quantity: number;
  change: PlanChangeClass;
}

/** Refuses a change the subscription's state does not allow, with what to do instead. */
export function assertChangeable(state: { status: string; cancelAtPeriodEnd: boolean }): void {
  if (!CHANGEABLE_STATUSES.has(state.status)) {
    throw new ApiError(
      409,
      'conflict',
      state.status === 'past_due' || state.status === 'unpaid'
        ? 'Pay the open invoice before changing your plan.'
        : 'This subscription cannot change plans in its current state.',
    );
  }
  if (state.cancelAtPeriodEnd) {
    throw new ApiError(
      409,
      'conflict',
      'Your subscription is set to end: resume it before changing your plan.',
    );
  }
}

/**
 * Checks a plan change request: the subscription is the customer's (404 otherwise, with no Stripe call), can
 * change (409), the target is a catalog price the plan sells in that quantity (400), and something changes (400).
 */
export async function checkPlanChange(
  context: RouteContext,
  customerId: string,
  subscriptionId: string | undefined,
  body: { priceId: string; quantity: number },
): Promise<CheckedPlanChange> {
  const subscription = await requireOwnSubscription(context, customerId, subscriptionId);
  assertChangeable(subscription);
  const target = await requireCatalogChoice(context, body.priceId, body.quantity);
  if (target.price.currency !== subscription.currency) {
    throw new ApiError(400, 'invalid_request', 'This price is in another currency than your subscription.', {
      field: 'priceId',
    });
  }
  const currentPrice = await context.store.findCatalogPrice(subscription.priceId);
  const change = classifyPlanChange(subscription, currentPrice, target.price, body.quantity);
  if (!change) {
    throw new ApiError(400, 'invalid_request', 'This is already your plan.', { field: 'priceId' });
  }
  return { subscription, target, quantity: body.quantity, change };
}

/**
 * Stripe's "now" for a subscription: its test clock's frozen time when it runs on one (test mode), else the
 * system clock. Proration dates are chosen and checked against it.
 */
export async function stripeNow(context: RouteContext, subscription: Stripe.Subscription): Promise<number> {
  const clock = subscription.test_clock;
  if (clock) {
    const testClock =
      typeof clock === 'string' ? await context.stripe.testHelpers.testClocks.retrieve(clock) : clock;
    return testClock.frozen_time;
  }
  return Math.floor(Date.now() / 1000);
}

/** The subscription's only item and its current period (the kit creates single-item subscriptions). */
export function currentItem(subscription: Stripe.Subscription) {
  const item = subscription.items.data[0];
  if (!item) throw new ApiError(409, 'conflict', 'This subscription has no plan to change.');
  return { item, period: { start: item.current_period_start, end: item.current_period_end } };
}

/** The schedule managing the subscription, when there is an active one (`schedule` expanded or not). */
export async function activeSchedule(
  context: RouteContext,
  subscription: Stripe.Subscription,
): Promise<Stripe.SubscriptionSchedule | null> {
  const reference = subscription.schedule;
  if (reference === null) return null;
  const schedule =
    typeof reference === 'string'
      ? await context.stripe.subscriptionSchedules.retrieve(reference)
      : reference;
  return schedule.status === 'active' || schedule.status === 'not_started' ? schedule : null;
}
