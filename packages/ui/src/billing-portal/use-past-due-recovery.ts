import type { InvoiceSummary, SubscriptionSummary } from '@billing-kit/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { isBillingApiError } from '../provider/billing-api-error.js';
import { createIdempotencyKey } from '../provider/idempotency-key.js';
import { billingKeys } from '../provider/query-keys.js';
import { invoicesQueryOptions } from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';
import { isSameAttemptAfter } from './action-idempotency.js';
import { useCurrentSubscription } from './use-current-subscription.js';

/** Why paying now failed: the card was declined (ask for another card), or anything else (try again). */
export type PastDueFailure = 'declined' | 'failed';

/** What {@link usePastDueRecovery} returns. */
export interface UsePastDueRecoveryResult {
  /** True while the current subscription is `past_due` or `unpaid`: a renewal could not be charged. */
  isPastDue: boolean;
  subscription: SubscriptionSummary | null;
  /** The oldest open invoice (what the customer owes first), once the invoices are loaded; else null. */
  invoice: InvoiceSummary | null;
  /** `idle` until the customer pays; then `processing`, `succeeded` or `failed`. */
  state: 'idle' | 'processing' | 'succeeded' | 'failed';
  /** Set when `state` is `failed`. */
  failure: PastDueFailure | null;
  /** Why paying failed, for the developer. */
  error: Error | null;
  /**
   * Pays the open invoice with the default card (or `paymentMethodId`). When the bank asks for 3D Secure, Stripe.js
   * is loaded through the provider and opens the challenge. Resolves when done (never rejects).
   */
  payNow: (options?: { paymentMethodId?: string }) => Promise<void>;
}

/**
 * Recovery from a failed renewal: whether the subscription is past due, what is owed, and paying it now.
 * Headless: no markup.
 *
 * Paying sends one `Idempotency-Key` per action (the same one when the customer tries again after a network
 * failure). A payment changes the invoice, the subscription's status and the entitlements (a past-due grace period
 * ends), so it invalidates `billingKeys.invoices`, `billingKeys.subscriptions` and `billingKeys.entitlements`.
 */
export function usePastDueRecovery(): UsePastDueRecoveryResult {
  const { client, loadStripe } = useBillingContext('usePastDueRecovery');
  const queryClient = useQueryClient();
  const { subscription } = useCurrentSubscription();
  const isPastDue = subscription?.status === 'past_due' || subscription?.status === 'unpaid';
  // Only a past-due customer needs the invoices here; the history section fetches them on its own anyway.
  const invoices = useQuery({ ...invoicesQueryOptions(client), enabled: isPastDue });
  const invoice = oldestOpenInvoice(invoices.data?.invoices ?? []);
  const pendingKey = useRef<string | undefined>(undefined);
  const inFlight = useRef(false);

  const mutation = useMutation({
    mutationFn: async ({ id, paymentMethodId }: { id: string; paymentMethodId?: string | undefined }) => {
      pendingKey.current ??= createIdempotencyKey();
      const idempotencyKey = pendingKey.current;
      let answer: Awaited<ReturnType<typeof client.payInvoice>>;
      try {
        answer = await client.payInvoice(
          { id, ...(paymentMethodId ? { paymentMethodId } : {}) },
          { idempotencyKey },
        );
      } catch (error) {
        if (!isSameAttemptAfter(error)) pendingKey.current = undefined;
        throw error;
      }
      // The server answered: whatever happens next is a new action.
      pendingKey.current = undefined;
      if (answer.status === 'requires_action') {
        const stripe = await loadStripe();
        if (!stripe) throw new Error('Stripe.js did not load: check the `stripe` prop of <BillingProvider>.');
        const result = await stripe.handleNextAction({ clientSecret: answer.clientSecret });
        if (result.error) throw Object.assign(new Error(result.error.message), { declined: true });
      }
    },
    onSettled: async () => {
      // Even a decline changes the invoice (one more attempt) and maybe the subscription: refresh all three.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: billingKeys.invoices(client.baseUrl) }),
        queryClient.invalidateQueries({ queryKey: billingKeys.subscriptions(client.baseUrl) }),
        queryClient.invalidateQueries({ queryKey: billingKeys.entitlements(client.baseUrl) }),
      ]);
    },
  });

  const error = mutation.error;
  const failure: PastDueFailure | null = !error
    ? null
    : (isBillingApiError(error) && error.code === 'card_declined') || 'declined' in error
      ? 'declined'
      : 'failed';

  return {
    isPastDue,
    subscription,
    invoice,
    state: mutation.isIdle
      ? 'idle'
      : mutation.isPending
        ? 'processing'
        : mutation.isError
          ? 'failed'
          : 'succeeded',
    failure,
    error,
    payNow: async (options = {}) => {
      if (!invoice || inFlight.current) return;
      inFlight.current = true;
      try {
        await mutation.mutateAsync({ id: invoice.id, paymentMethodId: options.paymentMethodId });
      } catch {
        // The outcome is in `state` and `failure`.
      } finally {
        inFlight.current = false;
      }
    },
  };
}

function oldestOpenInvoice(invoices: readonly InvoiceSummary[]): InvoiceSummary | null {
  // Newest first from the server: the last open one is the oldest debt.
  return invoices.filter((invoice) => invoice.status === 'open').at(-1) ?? null;
}
