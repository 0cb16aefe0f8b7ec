import type { SubscriptionSummary } from '@billing-kit/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createIdempotencyKey } from '../provider/idempotency-key.js';
import { billingKeys } from '../provider/query-keys.js';
import { useBillingContext } from '../provider/use-billing.js';
import { customerMessage } from '../shared/customer-message.js';
import type { CheckoutState, UseCheckoutOptions } from './use-checkout.js';

/** Options of {@link useFreeCheckout}: those of `useCheckout` that make sense without a card. */
export type UseFreeCheckoutOptions = Omit<UseCheckoutOptions, 'returnUrl'>;

/** What {@link useFreeCheckout} returns. */
export interface UseFreeCheckoutResult {
  state: CheckoutState;
  /** A plain-words sentence for the customer when `state` is `failed`. */
  error: string | null;
  /** The active subscription once `state` is `succeeded`. */
  subscription: SubscriptionSummary | null;
  /** Starts the subscription. Calls made while one is running are ignored. */
  submit: () => Promise<void>;
}

/**
 * Headless checkout for an order that costs nothing now and nothing later (a $0 plan, a 100%-forever code): no card
 * is asked for and Stripe.js is never loaded. `startSubscription` then `confirmSubscription` with one
 * `Idempotency-Key`; a setup intent Stripe may attach to a $0 subscription is left unconfirmed, since no charge will
 * ever need the card. Polls `listSubscriptions` if the confirmation is not `active` yet. On success it invalidates
 * what `useCheckout` does.
 */
export function useFreeCheckout({
  priceId,
  quantity = 1,
  promotionCode = null,
  onSuccess,
  onStateChange,
  pollIntervalMs = 500,
  activationTimeoutMs = 30_000,
}: UseFreeCheckoutOptions): UseFreeCheckoutResult {
  const { client, messages } = useBillingContext('useFreeCheckout');
  const queryClient = useQueryClient();
  const [state, setState] = useState<CheckoutState>('idle');
  const [error, setError] = useState<string | null>(null);
  const [subscription, setSubscription] = useState<SubscriptionSummary | null>(null);
  // A ref, not state: two clicks in the same frame both see the state from before either ran.
  const inFlight = useRef(false);
  const callbacks = useRef({ onSuccess, onStateChange });
  useEffect(() => {
    callbacks.current = { onSuccess, onStateChange };
  });
  useEffect(() => {
    callbacks.current.onStateChange?.(state);
  }, [state]);

  const submit = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setState('processing');
    setError(null);
    try {
      const idempotencyKey = createIdempotencyKey();
      const started = await client.startSubscription(
        { priceId, quantity, ...(promotionCode ? { promotionCode } : {}) },
        { idempotencyKey },
      );
      let active: SubscriptionSummary | undefined = (
        await client.confirmSubscription({ id: started.subscriptionId }, { idempotencyKey })
      ).subscription;
      const deadline = Date.now() + activationTimeoutMs;
      while (!isLive(active) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
        const { subscriptions } = await client.listSubscriptions();
        active = subscriptions.find((candidate) => candidate.id === started.subscriptionId);
      }
      if (!active || !isLive(active)) throw new Error('The subscription did not become active.');
      for (const key of [
        billingKeys.catalog(client.baseUrl),
        billingKeys.subscriptions(client.baseUrl),
        billingKeys.entitlements(client.baseUrl),
        billingKeys.invoices(client.baseUrl),
        billingKeys.paymentMethods(client.baseUrl),
      ]) {
        void queryClient.invalidateQueries({ queryKey: key });
      }
      setSubscription(active);
      setState('succeeded');
      callbacks.current.onSuccess?.(active);
    } catch (caught) {
      inFlight.current = false;
      setError(customerMessage(caught, messages, messages.freeCheckoutFailed));
      setState('failed');
    }
  }, [client, queryClient, priceId, quantity, promotionCode, pollIntervalMs, activationTimeoutMs, messages]);

  return { state, error, subscription, submit };
}

function isLive(subscription: SubscriptionSummary | undefined): subscription is SubscriptionSummary {
  return subscription?.status === 'active' || subscription?.status === 'trialing';
}
