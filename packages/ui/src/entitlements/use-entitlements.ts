import type { SubscriptionStatus } from '@billing-kit/core';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { entitlementsQueryOptions } from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';

/** What {@link useEntitlements} returns. */
export interface UseEntitlementsResult {
  /** `loading` on the first fetch, `error` when it failed (nothing is granted then), `ready` otherwise. */
  state: 'loading' | 'error' | 'ready';
  /** Entitlement keys granted now (`analytics`, `sso`...); empty while loading, on error or with no subscription. */
  features: string[];
  /** Status of the subscription the entitlements come from; null with no subscription or before they load. */
  status: SubscriptionStatus | null;
  /**
   * When a `past_due` subscription stops granting its features (a `Date`), or null when it is not past due. The
   * server has already withdrawn them once this is in the past.
   */
  graceEndsAt: Date | null;
  /** True when every feature given is granted now. */
  has: (feature: string | readonly string[]) => boolean;
  /** Why loading failed, for the developer. */
  error: Error | null;
  /** Fetches the entitlements again. */
  retry: () => void;
}

/**
 * What the signed-in customer may use right now, as the server decides it (`active` and `trialing` grant the
 * plan's entitlements, `past_due` grants them until the grace period ends, anything else grants nothing).
 * Headless: no markup. Gate server-side too: this is for showing and hiding, not for security.
 *
 * ```ts
 * const { has } = useEntitlements();
 * if (has('analytics')) ...
 * ```
 */
export function useEntitlements(): UseEntitlementsResult {
  const { client } = useBillingContext('useEntitlements');
  const query = useQuery(entitlementsQueryOptions(client));
  const features = query.data?.features;
  const has = useCallback(
    (feature: string | readonly string[]) => {
      if (!features) return false;
      const wanted = typeof feature === 'string' ? [feature] : feature;
      return wanted.every((key) => features.includes(key));
    },
    [features],
  );
  const retry = useCallback(() => {
    void query.refetch();
  }, [query.refetch]);
  const data = query.data;
  // A refetch after a failure puts the query back to `pending`; it stays `error` here until data arrives. Else a
  // fallback that reads this hook (an upgrade prompt with a Retry) would unmount for `loading`, and its remount
  // would refetch the failed query at once: a request loop against a failing server.
  const failedBefore = query.isError || query.errorUpdateCount > 0;
  return {
    state: data ? 'ready' : failedBefore ? 'error' : 'loading',
    features: data?.features ?? [],
    status: data?.status ?? null,
    graceEndsAt: data?.graceEndsAt != null ? new Date(data.graceEndsAt * 1000) : null,
    has,
    error: data ? null : query.error,
    retry,
  };
}
