import type { SubscriptionStatus, SubscriptionSummary } from '@billing-kit/core';

/**
 * Statuses in which the customer holds a plan: it is shown as current, and starting another subscription is refused
 * so nobody pays twice. `past_due` counts: the plan is still theirs while the payment is retried.
 */
export const CURRENT_SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = [
  'active',
  'trialing',
  'past_due',
];

/** The customer's current subscription, if any. */
export function findCurrentSubscription(subscriptions: SubscriptionSummary[]): SubscriptionSummary | null {
  return (
    subscriptions.find((subscription) => CURRENT_SUBSCRIPTION_STATUSES.includes(subscription.status)) ?? null
  );
}
