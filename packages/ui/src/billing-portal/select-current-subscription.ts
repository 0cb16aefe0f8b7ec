import type { SubscriptionStatus, SubscriptionSummary } from '@billing-kit/core';

// A customer has at most one live subscription (the server refuses a second one); ended ones stay in the mirror.
const ENDED: ReadonlySet<SubscriptionStatus> = new Set(['canceled', 'incomplete_expired']);

/**
 * The subscription the portal is about: the first one that has not ended, preferring one that is paid for
 * (`active`, `trialing`, `past_due`, `unpaid`, `paused`) over an `incomplete` checkout left halfway. Null when the
 * customer has none.
 */
export function selectCurrentSubscription(
  subscriptions: readonly SubscriptionSummary[],
): SubscriptionSummary | null {
  const live = subscriptions.filter((subscription) => !ENDED.has(subscription.status));
  return live.find((subscription) => subscription.status !== 'incomplete') ?? live[0] ?? null;
}
