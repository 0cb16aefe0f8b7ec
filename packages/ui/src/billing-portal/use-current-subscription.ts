import type { SubscriptionSummary } from '@billing-kit/core';
import { useQuery } from '@tanstack/react-query';
import { subscriptionsQueryOptions } from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';
import { selectCurrentSubscription } from './select-current-subscription.js';

/** What {@link useCurrentSubscription} returns. */
export interface UseCurrentSubscriptionResult {
  /** `loading` on the first fetch, `error` when it failed, `empty` when the customer has no live subscription. */
  status: 'loading' | 'error' | 'empty' | 'ready';
  /** The subscription that has not ended (see `selectCurrentSubscription`), or null. */
  subscription: SubscriptionSummary | null;
  /** Why loading failed, for the developer; show `messages.subscriptionLoadFailed` to the customer. */
  error: Error | null;
  /** Fetches the subscriptions again. */
  retry: () => void;
}

/**
 * The signed-in customer's current subscription from the server's mirror (the `subscriptions` query, shared with
 * every other part of the kit). Headless: no markup.
 */
export function useCurrentSubscription(): UseCurrentSubscriptionResult {
  const { client } = useBillingContext('useCurrentSubscription');
  const query = useQuery(subscriptionsQueryOptions(client));
  const subscription = query.data ? selectCurrentSubscription(query.data.subscriptions) : null;
  const retry = () => {
    void query.refetch();
  };
  // Data already shown stays shown when a background refetch fails.
  if (query.data) return { status: subscription ? 'ready' : 'empty', subscription, error: null, retry };
  if (query.isError) return { status: 'error', subscription: null, error: query.error, retry };
  return { status: 'loading', subscription: null, error: null, retry };
}
