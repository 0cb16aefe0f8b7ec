import type { SubscriptionSummary, SubscriptionsResponse } from '@billing-kit/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { createIdempotencyKey } from '../provider/idempotency-key.js';
import { billingKeys } from '../provider/query-keys.js';
import { useBillingContext } from '../provider/use-billing.js';
import { isSameAttemptAfter } from './action-idempotency.js';
import { useCurrentSubscription } from './use-current-subscription.js';

/** Which of the two actions ran last. */
export type CancelSubscriptionAction = 'cancel' | 'resume';

/** What {@link useCancelSubscription} returns. */
export interface UseCancelSubscriptionResult {
  /** The current subscription (null while loading or when there is none). */
  subscription: SubscriptionSummary | null;
  /** `idle` until an action runs; then `processing`, `succeeded` or `failed`. */
  state: 'idle' | 'processing' | 'succeeded' | 'failed';
  /** The action `state` is about. */
  action: CancelSubscriptionAction | null;
  /** Why the last action failed, for the developer; the component shows plain words instead. */
  error: Error | null;
  /** Cancels at the end of the current period. Resolves `true` once done, `false` if it failed (never rejects). */
  cancel: () => Promise<boolean>;
  /** Undoes a cancellation at period end. Resolves `true` once done, `false` if it failed (never rejects). */
  resume: () => Promise<boolean>;
  /** Back to `idle`, forgetting the last outcome (and the pending action's idempotency key). */
  reset: () => void;
}

/**
 * Cancel at period end and resume, for the current subscription. Headless: no markup.
 *
 * Each action sends one `Idempotency-Key`; trying it again after no answer or a retryable failure sends the same key,
 * so a request that did reach the server is not applied twice. Both actions change only the subscription: its entry in
 * the `subscriptions` query is replaced by the server's answer and that query (`billingKeys.subscriptions`) is
 * invalidated. Entitlements, invoices and the catalog's current price do not change until the period ends.
 */
export function useCancelSubscription(): UseCancelSubscriptionResult {
  const { client } = useBillingContext('useCancelSubscription');
  const queryClient = useQueryClient();
  const { subscription } = useCurrentSubscription();
  // One key per action until it succeeds: a retry after a failure is the same action.
  const pendingKeys = useRef<Partial<Record<CancelSubscriptionAction, string>>>({});
  // A second click in the same tick comes before React re-renders with `isPending`: guard with a ref.
  const inFlight = useRef(false);

  const mutation = useMutation({
    mutationFn: async ({ action, id }: { action: CancelSubscriptionAction; id: string }) => {
      pendingKeys.current[action] ??= createIdempotencyKey();
      const idempotencyKey = pendingKeys.current[action];
      try {
        const answer =
          action === 'cancel'
            ? await client.cancelSubscription({ id }, { idempotencyKey })
            : await client.resumeSubscription({ id }, { idempotencyKey });
        delete pendingKeys.current[action];
        return answer.subscription;
      } catch (error) {
        if (!isSameAttemptAfter(error)) delete pendingKeys.current[action];
        throw error;
      }
    },
    onSuccess: (updated) => {
      const key = billingKeys.subscriptions(client.baseUrl);
      queryClient.setQueryData<SubscriptionsResponse>(key, (previous) =>
        previous
          ? {
              subscriptions: previous.subscriptions.map((existing) =>
                existing.id === updated.id ? updated : existing,
              ),
            }
          : { subscriptions: [updated] },
      );
      // Not awaited: the answer is already shown; the refetch only confirms it.
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });

  const run = async (action: CancelSubscriptionAction): Promise<boolean> => {
    if (!subscription || inFlight.current) return false;
    inFlight.current = true;
    try {
      await mutation.mutateAsync({ action, id: subscription.id });
      return true;
    } catch {
      // The details are in `state` and `error`.
      return false;
    } finally {
      inFlight.current = false;
    }
  };

  return {
    subscription,
    state: mutation.isIdle
      ? 'idle'
      : mutation.isPending
        ? 'processing'
        : mutation.isError
          ? 'failed'
          : 'succeeded',
    action: mutation.variables?.action ?? null,
    error: mutation.error,
    cancel: () => run('cancel'),
    resume: () => run('resume'),
    reset: () => {
      pendingKeys.current = {};
      mutation.reset();
    },
  };
}
