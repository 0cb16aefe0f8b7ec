import { queryOptions } from '@tanstack/react-query';
import { isBillingApiError } from './billing-api-error.js';
import type { BillingClient, BillingRouteInput } from './create-billing-client.js';
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

/**
 * What starting a subscription would cost (`POST /subscriptions/preview`): lines, discount, tax, total due today,
 * trial end and renewal. A refused promotion code rejects with `invalid_promotion_code`.
 */
export function subscriptionPreviewQueryOptions(
  client: BillingClient,
  input: BillingRouteInput<'previewSubscription'>,
) {
  return queryOptions({
    queryKey: billingKeys.subscriptionPreview(client.baseUrl, input),
    queryFn: ({ signal }) => client.previewSubscription(input, { signal }),
    // A preview is priced by Stripe; keep it a minute so re-renders and remounts do not ask again.
    staleTime: 60_000,
    // A refused code or an unknown price will not change by asking again.
    retry: (failureCount, error) => failureCount < 2 && isRetryable(error),
  });
}

/**
 * What changing a subscription would do (`POST /subscriptions/:id/preview-change`). Its `prorationDate` must be sent
 * back unchanged to `changePlan`, so the preview is never refetched behind the customer's back (`staleTime:
 * Infinity`); refresh it explicitly when the server answers `preview_expired`.
 */
export function planChangePreviewQueryOptions(
  client: BillingClient,
  input: BillingRouteInput<'previewPlanChange'>,
) {
  return queryOptions({
    queryKey: billingKeys.planChangePreview(client.baseUrl, input),
    queryFn: ({ signal }) => client.previewPlanChange(input, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    retry: (failureCount, error) => failureCount < 2 && isRetryable(error),
  });
}

/** The signed-in customer's saved cards. */
export function paymentMethodsQueryOptions(client: BillingClient) {
  return queryOptions({
    queryKey: billingKeys.paymentMethods(client.baseUrl),
    queryFn: ({ signal }) => client.listPaymentMethods({ signal }),
  });
}

/** The signed-in customer's invoices, newest first. */
export function invoicesQueryOptions(client: BillingClient) {
  return queryOptions({
    queryKey: billingKeys.invoices(client.baseUrl),
    queryFn: ({ signal }) => client.listInvoices({ signal }),
  });
}

/** What the signed-in customer may use right now. */
export function entitlementsQueryOptions(client: BillingClient) {
  return queryOptions({
    queryKey: billingKeys.entitlements(client.baseUrl),
    queryFn: ({ signal }) => client.getEntitlements({ signal }),
  });
}

function isRetryable(error: unknown): boolean {
  return isBillingApiError(error) && (error.code === 'network_error' || error.retryable);
}
