import type { PaymentMethodSummary, PaymentMethodsResponse } from '@billing-kit/core';
import { useElements, useStripe } from '@stripe/react-stripe-js';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
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
  /** Validates the card, creates a SetupIntent, confirms it (3D Secure included) and saves the card. */
  submit: () => Promise<void>;
}

/**
 * Headless "add a card": the Payment Element in deferred `setup` mode validates the card, then one submit creates a
 * SetupIntent on the server, confirms it with `stripe.confirmSetup` (3D Secure in place) and completes it, which
 * re-reads the wallet so the card is listed at once (`paymentMethods` is replaced with the server's answer). Must
 * run inside Stripe's `<Elements>`, which `<PaymentMethodUpdater>` renders when the add-card form opens.
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

  const submit = useCallback(async () => {
    if (inFlight.current || !stripe || !elements) return;
    inFlight.current = true;
    setState('processing');
    setError(null);
    const fail = (message: string) => {
      setState('failed');
      setError(message);
    };
    try {
      const validation = await elements.submit();
      if (validation.error) {
        fail(cardErrorMessage(validation.error, messages));
        return;
      }
      // One key for the action: creating the SetupIntent and completing it. Fixing the card and saving again is a
      // new action with a new key.
      const idempotencyKey = createIdempotencyKey();
      const before = queryClient.getQueryData<PaymentMethodsResponse>(
        billingKeys.paymentMethods(client.baseUrl),
      );
      const { setupIntentId, clientSecret } = await client.createSetupIntent({ idempotencyKey });
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
      const wallet = await client.completeSetupIntent({ setupIntentId, makeDefault }, { idempotencyKey });
      queryClient.setQueryData<PaymentMethodsResponse>(billingKeys.paymentMethods(client.baseUrl), wallet);
      const known = new Set(before?.paymentMethods.map((card) => card.id));
      const added =
        wallet.paymentMethods.find((card) => card.id === confirmed.setupIntent.payment_method) ??
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
