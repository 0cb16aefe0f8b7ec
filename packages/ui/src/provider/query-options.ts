import { queryOptions } from '@tanstack/react-query';
import type { BillingClient } from './create-billing-client.js';
import { billingKeys } from './query-keys.js';

/**
 * The catalog query, shared by hooks, prefetching (`queryClient.prefetchQuery(catalogQueryOptions(client))`) and tests.
 */
export function catalogQueryOptions(client: BillingClient) {
  return queryOptions({
    queryKey: billingKeys.catalog(client.baseUrl),
    queryFn: ({ signal }) => client.getCatalog({ signal }),
    // Plans change rarely; a minute avoids refetching on every mount of a pricing table.
    staleTime: 60_000,
  });
}

/** The signed-in customer's subscriptions. */
export function subscriptionsQueryOptions(client: BillingClient) {
  return queryOptions({
    queryKey: billingKeys.subscriptions(client.baseUrl),
    queryFn: ({ signal }) => client.listSubscriptions({ signal }),
  });
}
