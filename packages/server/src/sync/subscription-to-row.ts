import { IntervalSchema, SubscriptionStatusSchema } from '@billing-kit/core';
import type Stripe from 'stripe';
import type { SubscriptionMirrorRow } from '../store/billing-store.js';
import type { SubscriptionLifecycle } from './subscription-lifecycle.js';

/**
 * Turns a Stripe subscription into the mirror row the API serves, or null when it is not something the kit can
 * show (no item, billed by the day or week, or a status newer than the contract). The first item is the plan: the kit creates single-item
 * subscriptions.
 *
 * @param version monotonic version of this Stripe state (unix ms); see {@link SubscriptionMirrorRow.version}.
 * @param planName the product's display name.
 * @param lifecycle scheduled change, next invoice, latest invoice status and past-due start, read while syncing.
 */
export function subscriptionToRow(
  subscription: Stripe.Subscription,
  version: number,
  planName: string,
  lifecycle: SubscriptionLifecycle,
): SubscriptionMirrorRow | null {
  const item = subscription.items.data[0];
  if (!item) return null;
  const price = item.price;
  const interval = IntervalSchema.safeParse(price.recurring?.interval);
  const status = SubscriptionStatusSchema.safeParse(subscription.status);
  if (!interval.success || !status.success) return null;
  return {
    id: subscription.id,
    customerId: typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id,
    status: status.data,
    planId: typeof price.product === 'string' ? price.product : price.product.id,
    planName,
    priceId: price.id,
    interval: interval.data,
    currency: subscription.currency,
    unitAmount: price.unit_amount,
    quantity: item.quantity ?? 1,
    currentPeriodStart: item.current_period_start,
    currentPeriodEnd: item.current_period_end,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    trialEnd: subscription.status === 'trialing' ? subscription.trial_end : null,
    syncedAt: Math.floor(version / 1000),
    ...lifecycle,
    version,
  };
}
