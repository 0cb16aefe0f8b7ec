import type { PaymentMethodSummary, PaymentMethodsResponse } from '@billing-kit/core';
import { useElements, useStripe } from '@stripe/react-stripe-js';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { isSameAttemptAfter } from '../billing-portal/action-idempotency.js';
import { isBillingApiError } from '../provider/billing-api-error.js';
import { createIdempotencyKey } from '../provider/idempotency-key.js';
import { billingKeys } from '../provider/query-keys.js';
import { useBillingContext } from '../provider/use-billing.js';
import { cardErrorMessage } from '../shared/card-error-message.js';
import { customerMessage } from '../shared/customer-message.js';

/** Options of {@link useAddPaymentMethod}. */
export interface UseAddPaymentMethodOptions {
  /** Also make the new card the default of the customer and of every current subscription. */
  makeDefault?: boolean;
  /** Called once the card is saved and listed, with the new card. */
  onAdded?: (card: PaymentMethodSummary) => void;
  /** Where Stripe sends the customer back after a redirect-based method. Defaults to the current page. */
  returnUrl?: string;
}

/** What {@link useAddPaymentMethod} returns. */
export interface UseAddPaymentMethodResult {
  state: 'idle' | 'processing' | 'succeeded' | 'failed';
  /** Plain words for the customer when `state` is `failed`. */
  error: string | null;
  /** True once Stripe.js and the Payment Element's group are ready. */
  isReady: boolean;
  /**
   * Validates the card, creates a SetupIntent, confirms it (3D Secure included) and saves the card; after a save
   * step that got no usable answer, saves that same SetupIntent again.
   */
  submit: () => Promise<void>;
}

/** A confirmed SetupIntent whose save step (`completeSetupIntent`) is still to be done. */
interface UnsavedSetup {
  setupIntentId: string;
  /** The card Stripe.js attached, to announce it once saved. */
  paymentMethodId: string | null;
  /** The key of the action that created the SetupIntent, sent again with the save step. */
  idempotencyKey: string;
  makeDefault: boolean;
}

/**
 * Whether the server refused to save this SetupIntent (unknown to it, not confirmed, a bad request): the next try
 * starts over. After anything else (no answer, a failure on the server's side, an answer that is not the server's)
 * the card may be saved already and is attached in Stripe in any case: the next try finishes the same SetupIntent.
 */
function refusesSetupIntent(error: unknown): boolean {
  return (
    isBillingApiError(error) &&
    (error.code === 'not_found' || error.code === 'conflict' || error.code === 'invalid_request')
  );
}

/**
 * Headless "add a card": the Payment Element in deferred `setup` mode validates the card, then one submit creates a
 * SetupIntent on the server, confirms it with `stripe.confirmSetup` (3D Secure in place) and completes it, which
 * re-reads the wallet so the card is listed at once (`paymentMethods` is replaced with the server's answer). When that
 * last step gets no usable answer, the card is already attached in Stripe: `submit` again finishes the same
 * SetupIntent with the same `Idempotency-Key` instead of setting up a second copy of the card. Must run inside
 * Stripe's `<Elements>`, which `<PaymentMethodUpdater>` renders when the add-card form opens.
 */
export function useAddPaymentMethod({
  makeDefault = false,
  onAdded,
  returnUrl,
}: UseAddPaymentMethodOptions = {}): UseAddPaymentMethodResult {
  const { client, messages } = useBillingContext('useAddPaymentMethod');
  const stripe = useStripe();
  const elements = useElements();
  const queryClient = useQueryClient();
  const [state, setState] = useState<UseAddPaymentMethodResult['state']>('idle');
  const [error, setError] = useState<string | null>(null);
  const inFlight = useRef(false);
  // A SetupIntent the customer confirmed whose save step got no usable answer. Stripe.js has already attached its
  // card to the customer, so trying again finishes it (same SetupIntent, same key) rather than starting over, which
  // would set up a second copy of the card.
  const unsaved = useRef<UnsavedSetup | null>(null);
  // The key of a SetupIntent creation that got no answer (or a retryable failure): sent again, it is the same one.
  const uncreatedKey = useRef<string | null>(null);

  const submit = useCallback(async () => {
    if (inFlight.current || !stripe || !elements) return;
    inFlight.current = true;
    setState('processing');
    setError(null);
    const fail = (message: string) => {
      setState('failed');
      setError(message);
    };
    let confirmedSetup: UnsavedSetup | null = unsaved.current;
    unsaved.current = null;
    try {
      const before = queryClient.getQueryData<PaymentMethodsResponse>(
        billingKeys.paymentMethods(client.baseUrl),
      );
      if (confirmedSetup === null) {
        const validation = await elements.submit();
        if (validation.error) {
          fail(cardErrorMessage(validation.error, messages));
          return;
        }
        // One key for the action: creating the SetupIntent and completing it. Fixing the card and saving again is
        // a new action with a new key; after a creation that got no answer, the same key gets the same SetupIntent.
        const idempotencyKey = uncreatedKey.current ?? createIdempotencyKey();
        uncreatedKey.current = null;
        let created: Awaited<ReturnType<typeof client.createSetupIntent>>;
        try {
          created = await client.createSetupIntent({ idempotencyKey });
        } catch (caught) {
          if (isSameAttemptAfter(caught)) uncreatedKey.current = idempotencyKey;
          throw caught;
        }
        const { setupIntentId, clientSecret } = created;
        const confirmed = await stripe.confirmSetup({
          elements,
          clientSecret,
          redirect: 'if_required',
          confirmParams: { return_url: returnUrl ?? globalThis.location?.href },
        });
        if (confirmed.error) {
          fail(cardErrorMessage(confirmed.error, messages));
          return;
        }
        const paymentMethod = confirmed.setupIntent.payment_method;
        confirmedSetup = {
          setupIntentId,
          paymentMethodId: typeof paymentMethod === 'string' ? paymentMethod : (paymentMethod?.id ?? null),
          idempotencyKey,
          makeDefault,
        };
      } else if (confirmedSetup.makeDefault !== makeDefault) {
        // The customer changed "make default" since: the same SetupIntent, but other details, so another key.
        confirmedSetup = { ...confirmedSetup, idempotencyKey: createIdempotencyKey(), makeDefault };
      }
      const { setupIntentId, paymentMethodId, idempotencyKey } = confirmedSetup;
      let wallet: PaymentMethodsResponse;
      try {
        wallet = await client.completeSetupIntent({ setupIntentId, makeDefault }, { idempotencyKey });
      } catch (caught) {
        if (!refusesSetupIntent(caught)) unsaved.current = confirmedSetup;
        throw caught;
      }
      queryClient.setQueryData<PaymentMethodsResponse>(billingKeys.paymentMethods(client.baseUrl), wallet);
      const known = new Set(before?.paymentMethods.map((card) => card.id));
      const added =
        wallet.paymentMethods.find((card) => card.id === paymentMethodId) ??
        wallet.paymentMethods.find((card) => !known.has(card.id));
      setState('succeeded');
      if (added) onAdded?.(added);
    } catch (caught) {
      fail(customerMessage(caught, messages, messages.cardSetupFailed));
    } finally {
      inFlight.current = false;
    }
  }, [stripe, elements, client, messages, queryClient, makeDefault, onAdded, returnUrl]);

  return { state, error, isReady: stripe !== null && elements !== null, submit };
}
