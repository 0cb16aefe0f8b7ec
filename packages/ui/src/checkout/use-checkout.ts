import type { StartSubscriptionResponse, SubscriptionSummary } from '@billing-kit/core';
import { useElements, useStripe } from '@stripe/react-stripe-js';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isSameAttemptAfter } from '../billing-portal/action-idempotency.js';
import { type BillingMessages, formatMessage } from '../i18n/messages.js';
import { isBillingApiError } from '../provider/billing-api-error.js';
import { createIdempotencyKey } from '../provider/idempotency-key.js';
import { billingKeys } from '../provider/query-keys.js';
import { subscriptionsQueryOptions } from '../provider/query-options.js';
import { useBillingContext } from '../provider/use-billing.js';
import { cardErrorMessage } from '../shared/card-error-message.js';

export { cardErrorMessage } from '../shared/card-error-message.js';

/** Where the checkout is. */
export type CheckoutState = 'idle' | 'processing' | 'succeeded' | 'failed';

/** Which part of `processing` is running, for progress messages. */
export type CheckoutStep = 'validating' | 'starting' | 'confirming' | 'activating';

/** Options of {@link useCheckout}. */
export interface UseCheckoutOptions {
  priceId: string;
  /** Seats; defaults to 1. */
  quantity?: number;
  /** The promotion code the order summary applied (`useCheckoutSummary().promotionCode.applied`). */
  promotionCode?: string | null;
  /** Called once, when the new subscription is `active` or `trialing`. */
  onSuccess?: (subscription: SubscriptionSummary) => void;
  /** Called on every change of `state`, e.g. to lock the promotion code entry while paying. */
  onStateChange?: (state: CheckoutState) => void;
  /** Where Stripe sends the customer back after a redirect-based payment method. Defaults to the current page. */
  returnUrl?: string;
  /** How often to poll when the server's confirmation is not yet `active`. Defaults to 500 ms. */
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
  /** The active (or trialing) subscription once `state` is `succeeded`. */
  subscription: SubscriptionSummary | null;
  /** True once Stripe.js and the Payment Element's group are ready. */
  isReady: boolean;
  /** Pays and subscribes. Calls made while one is running are ignored, so a double click charges once. */
  submit: () => Promise<void>;
}

/**
 * Headless checkout for a new subscription with the Payment Element in deferred mode:
 * 1. `elements.submit()` validates the card details;
 * 2. `startSubscription` (one `Idempotency-Key` per submit, reused by the client's own resend);
 * 3. `confirmPayment`, or `confirmSetup` for a trial (nothing is charged now); Stripe.js opens 3D Secure itself;
 * 4. `confirmSubscription` (same key) syncs the server's mirror at once; only if it is not `active` yet does the hook
 *    poll `listSubscriptions`.
 * A card refused at step 3 leaves the subscription incomplete: the next submit confirms the same intent again with
 * the corrected card rather than starting a second subscription.
 * On success it invalidates `catalog`, `subscriptions`, `entitlements`, `invoices` and `paymentMethods`.
 * Must run inside Stripe's `<Elements>`, which `<Checkout>` renders for you.
 */
export function useCheckout({
  priceId,
  quantity = 1,
  promotionCode = null,
  onSuccess,
  onStateChange,
  returnUrl,
  pollIntervalMs = 500,
  activationTimeoutMs = 30_000,
}: UseCheckoutOptions): UseCheckoutResult {
  const { client, messages } = useBillingContext('useCheckout');
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
  // A subscription started for this exact order whose payment the card or the bank refused.
  const unpaid = useRef<{ order: string; started: StartSubscriptionResponse } | null>(null);
  // The key of a start whose answer was lost (or that the server may still do): trying the same order again is the
  // same action, so the server starts one subscription, not two.
  const unanswered = useRef<{ order: string; key: string } | null>(null);
  // The latest callbacks, without restarting effects when the parent passes new functions.
  const callbacks = useRef({ onSuccess, onStateChange });
  useEffect(() => {
    callbacks.current = { onSuccess, onStateChange };
  });
  useEffect(() => {
    callbacks.current.onStateChange?.(state);
  }, [state]);

  const fail = useCallback((message: string, retry = true) => {
    inFlight.current = !retry;
    setState('failed');
    setStep(null);
    setError(message);
    setCanRetry(retry);
  }, []);

  const succeed = useCallback(
    (active: SubscriptionSummary) => {
      setSubscription(active);
      setState('succeeded');
      setStep(null);
      setPendingSubscriptionId(null);
      // What a new subscription changes; previews are left alone (the summary on screen stays as it was).
      for (const key of [
        billingKeys.catalog(client.baseUrl),
        billingKeys.subscriptions(client.baseUrl),
        billingKeys.entitlements(client.baseUrl),
        billingKeys.invoices(client.baseUrl),
        billingKeys.paymentMethods(client.baseUrl),
      ]) {
        void queryClient.invalidateQueries({ queryKey: key });
      }
      callbacks.current.onSuccess?.(active);
    },
    [client.baseUrl, queryClient],
  );

  const submit = useCallback(async () => {
    if (inFlight.current || !stripe || !elements) return;
    inFlight.current = true;
    setState('processing');
    setStep('validating');
    setError(null);
    try {
      const validation = await elements.submit();
      if (validation.error) {
        fail(cardErrorMessage(validation.error, messages));
        return;
      }

      // One key for this action: the start and the confirmation of this submit, and any resend of either.
      const order = JSON.stringify([priceId, quantity, promotionCode]);
      const idempotencyKey =
        unanswered.current?.order === order ? unanswered.current.key : createIdempotencyKey();
      unanswered.current = null;
      setStep('starting');
      let started: StartSubscriptionResponse;
      try {
        started =
          unpaid.current?.order === order
            ? unpaid.current.started
            : await client.startSubscription(
                { priceId, quantity, ...(promotionCode ? { promotionCode } : {}) },
                { idempotencyKey },
              );
      } catch (error) {
        if (isSameAttemptAfter(error)) unanswered.current = { order, key: idempotencyKey };
        throw error;
      }

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
          unpaid.current = { order, started };
          fail(cardErrorMessage(result.error, messages));
          return;
        }
      }
      unpaid.current = null;

      setStep('activating');
      try {
        const confirmed = await client.confirmSubscription(
          { id: started.subscriptionId },
          { idempotencyKey },
        );
        if (isLive(confirmed.subscription)) {
          succeed(confirmed.subscription);
          return;
        }
      } catch {
        // Paid, but the eager sync failed: the webhooks still bring the mirror up to date, so wait for them.
      }
      setPendingSubscriptionId(started.subscriptionId);
    } catch (caught) {
      fail(apiErrorMessage(caught, messages));
    }
  }, [stripe, elements, client, priceId, quantity, promotionCode, returnUrl, messages, fail, succeed]);

  const polling = pendingSubscriptionId !== null && state === 'processing';
  const subscriptions = useQuery({
    ...subscriptionsQueryOptions(client),
    enabled: polling,
    refetchInterval: polling ? pollIntervalMs : false,
  });

  useEffect(() => {
    if (!polling) return;
    const active = subscriptions.data?.subscriptions.find(
      (candidate) => candidate.id === pendingSubscriptionId && isLive(candidate),
    );
    if (active) succeed(active);
  }, [polling, subscriptions.data, pendingSubscriptionId, succeed]);

  useEffect(() => {
    if (!polling) return;
    // The payment went through, so submitting again would pay twice: give up without offering a retry.
    const timer = setTimeout(() => fail(messages.activationTimedOut, false), activationTimeoutMs);
    return () => clearTimeout(timer);
  }, [polling, activationTimeoutMs, fail, messages.activationTimedOut]);

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

function isLive(subscription: SubscriptionSummary): boolean {
  return subscription.status === 'active' || subscription.status === 'trialing';
}

/** The sentence to show a customer for an error from the billing client. */
function apiErrorMessage(error: unknown, messages: BillingMessages): string {
  if (!isBillingApiError(error)) return messages.paymentFailed;
  switch (error.code) {
    case 'network_error':
    case 'stripe_unavailable':
      return messages.paymentUnavailable;
    case 'invalid_promotion_code':
      return messages.promotionCodeInvalid;
    case 'card_declined':
      return cardErrorMessage(
        {
          code: 'card_declined',
          decline_code: error.declineCode,
          message: error.message,
          type: 'card_error',
        },
        messages,
      );
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
  messages: BillingMessages,
): string {
  if (checkout.state === 'succeeded' && checkout.subscription) {
    return formatMessage(messages.subscribed, { plan: checkout.subscription.planName });
  }
  if (checkout.state !== 'processing') return '';
  return checkout.step === 'activating' ? messages.activating : messages.processing;
}
