import type { SubscriptionSummary } from '@billing-kit/core';
import { useElements, useStripe } from '@stripe/react-stripe-js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatMessage } from '../i18n/messages.js';
import { isBillingApiError } from '../provider/billing-api-error.js';
import type { BillingContextValue } from '../provider/billing-context.js';
import { createIdempotencyKey } from '../provider/create-billing-client.js';
import { billingKeys } from '../provider/query-keys.js';
import { subscriptionsQueryOptions } from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';

/** Where the checkout is. */
export type CheckoutState = 'idle' | 'processing' | 'succeeded' | 'failed';

/** Which part of `processing` is running, for progress messages. */
export type CheckoutStep = 'validating' | 'starting' | 'confirming' | 'activating';

/** Options of {@link useCheckout}. */
export interface UseCheckoutOptions {
  priceId: string;
  /** Seats; defaults to 1. */
  quantity?: number;
  /** Called once, when the new subscription is `active` or `trialing` in the server's mirror. */
  onSuccess?: (subscription: SubscriptionSummary) => void;
  /** Where Stripe sends the customer back after a redirect-based payment method. Defaults to the current page. */
  returnUrl?: string;
  /** How often to poll for the subscription to become active. Defaults to 500 ms. */
  pollIntervalMs?: number;
  /** When to stop waiting for the subscription to become active. Defaults to 30 s. */
  activationTimeoutMs?: number;
}

/** What {@link useCheckout} returns. */
export interface UseCheckoutResult {
  state: CheckoutState;
  step: CheckoutStep | null;
  /** A plain-words sentence for the customer when `state` is `failed`. */
  error: string | null;
  /** False when submitting again cannot help (the payment went through but activation is slow). */
  canRetry: boolean;
  /** The active subscription once `state` is `succeeded`. */
  subscription: SubscriptionSummary | null;
  /** True once Stripe.js and the Payment Element's group are ready. */
  isReady: boolean;
  /** Pays and subscribes. Calls made while one is running are ignored, so a double click charges once. */
  submit: () => Promise<void>;
}

/**
 * Headless checkout for a new subscription with the Payment Element in deferred mode: validates the card details,
 * starts the subscription on the server (one idempotency key per submit), confirms the payment with Stripe.js, then
 * waits until the server's mirror shows the subscription active. Must run inside Stripe's `<Elements>`, which
 * `<Checkout>` renders for you.
 */
export function useCheckout({
  priceId,
  quantity = 1,
  onSuccess,
  returnUrl,
  pollIntervalMs = 500,
  activationTimeoutMs = 30_000,
}: UseCheckoutOptions): UseCheckoutResult {
  const context = useBillingContext('useCheckout');
  const { client, messages } = context;
  const stripe = useStripe();
  const elements = useElements();
  const queryClient = useQueryClient();

  const [state, setState] = useState<CheckoutState>('idle');
  const [step, setStep] = useState<CheckoutStep | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [canRetry, setCanRetry] = useState(true);
  const [pendingSubscriptionId, setPendingSubscriptionId] = useState<string | null>(null);
  const [subscription, setSubscription] = useState<SubscriptionSummary | null>(null);
  // A ref, not state: two clicks in the same frame both see the state from before either ran.
  const inFlight = useRef(false);
  // The latest callback, without restarting the activation effect when the parent passes a new function.
  const onSuccessRef = useRef(onSuccess);
  useEffect(() => {
    onSuccessRef.current = onSuccess;
  });

  const fail = useCallback((message: string, retry = true) => {
    inFlight.current = !retry;
    setState('failed');
    setStep(null);
    setError(message);
    setCanRetry(retry);
  }, []);

  const submit = useCallback(async () => {
    if (inFlight.current || !stripe || !elements) return;
    inFlight.current = true;
    setState('processing');
    setStep('validating');
    setError(null);
    try {
      const validation = await elements.submit();
      if (validation.error) {
        fail(validation.error.message ?? messages.paymentFailed);
        return;
      }

      setStep('starting');
      // A new key per submit: fixing the card and submitting again is a new action for the server.
      // The client reuses this key if it has to resend the same request.
      const started = await client.startSubscription(
        { priceId, quantity },
        { idempotencyKey: createIdempotencyKey() },
      );

      if (started.intentType !== 'none') {
        if (!started.clientSecret) {
          fail(messages.paymentFailed);
          return;
        }
        setStep('confirming');
        const confirmation = {
          elements,
          clientSecret: started.clientSecret,
          redirect: 'if_required' as const,
          confirmParams: { return_url: returnUrl ?? globalThis.location?.href },
        };
        const result =
          started.intentType === 'setup'
            ? await stripe.confirmSetup(confirmation)
            : await stripe.confirmPayment(confirmation);
        if (result.error) {
          // Stripe.js words card errors for customers ("Your card was declined.").
          fail(result.error.message ?? messages.paymentFailed);
          return;
        }
      }

      setStep('activating');
      setPendingSubscriptionId(started.subscriptionId);
    } catch (caught) {
      fail(customerMessage(caught, messages));
    }
  }, [stripe, elements, client, priceId, quantity, returnUrl, messages, fail]);

  const activating = step === 'activating' && pendingSubscriptionId !== null;
  const subscriptions = useQuery({
    ...subscriptionsQueryOptions(client),
    enabled: activating,
    refetchInterval: activating ? pollIntervalMs : false,
  });

  useEffect(() => {
    if (!activating) return;
    const active = subscriptions.data?.subscriptions.find(
      (candidate) =>
        candidate.id === pendingSubscriptionId &&
        (candidate.status === 'active' || candidate.status === 'trialing'),
    );
    if (!active) return;
    setSubscription(active);
    setState('succeeded');
    setStep(null);
    // The current plan changed: every billing query (catalog's currentPriceId included) is stale now.
    void queryClient.invalidateQueries({ queryKey: billingKeys.all(client.baseUrl) });
    onSuccessRef.current?.(active);
  }, [activating, subscriptions.data, pendingSubscriptionId, queryClient, client.baseUrl]);

  useEffect(() => {
    if (!activating) return;
    // The payment went through, so submitting again would pay twice: give up without offering a retry.
    const timer = setTimeout(() => fail(messages.activationTimedOut, false), activationTimeoutMs);
    return () => clearTimeout(timer);
  }, [activating, activationTimeoutMs, fail, messages.activationTimedOut]);

  return {
    state,
    step,
    error,
    canRetry,
    subscription,
    isReady: stripe !== null && elements !== null,
    submit,
  };
}

/** The sentence to show a customer for an error from the billing client or Stripe.js. */
function customerMessage(error: unknown, messages: BillingContextValue['messages']): string {
  if (!isBillingApiError(error)) return messages.paymentFailed;
  switch (error.code) {
    case 'network_error':
    case 'stripe_unavailable':
      return messages.paymentUnavailable;
    case 'invalid_response':
    case 'internal_error':
      return messages.paymentFailed;
    default:
      // The server's messages are written for customers.
      return error.message;
  }
}

/** The progress or outcome sentence for a checkout state, for the live region. */
export function checkoutStatusMessage(
  checkout: Pick<UseCheckoutResult, 'state' | 'step' | 'subscription'>,
  messages: BillingContextValue['messages'],
): string {
  if (checkout.state === 'succeeded' && checkout.subscription) {
    return formatMessage(messages.subscribed, { plan: checkout.subscription.planName });
  }
  if (checkout.state !== 'processing') return '';
  return checkout.step === 'activating' ? messages.activating : messages.processing;
}
