import { useContext } from 'react';
import { BillingContext, type BillingContextValue } from './billing-context.js';

/**
 * Reads the provider's context, or throws an error naming the hook and the fix. Every hook of the kit goes through
 * here so a missing provider fails loudly on the first render rather than with `undefined` deep inside.
 */
export function useBillingContext(hookName: string): BillingContextValue {
  const context = useContext(BillingContext);
  if (!context) {
    throw new Error(
      `${hookName} must be used inside <BillingProvider>. Wrap the part of your app that shows billing in ` +
        '<BillingProvider client={createBillingClient()} stripe={() => loadStripe(publishableKey)}>.',
    );
  }
  return context;
}

/** The billing client, locale, messages and lazy Stripe.js loader of the nearest `BillingProvider`. */
export function useBilling(): BillingContextValue {
  return useBillingContext('useBilling');
}
