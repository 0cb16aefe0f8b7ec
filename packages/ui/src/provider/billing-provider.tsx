import { formatMoney } from '@billing-kit/core';
import type { Appearance, Stripe } from '@stripe/stripe-js';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useMemo, useRef, useState } from 'react';
import { type BillingMessages, defaultMessages } from '../i18n/messages.js';
import { BillingContext, type BillingContextValue } from './billing-context.js';
import type { BillingClient } from './create-billing-client.js';

/** Stripe.js as the provider accepts it: a promise (already loading) or a loader called on first need. */
export type StripeSource = PromiseLike<Stripe | null> | (() => PromiseLike<Stripe | null>);

/** Props of {@link BillingProvider}. */
export interface BillingProviderProps {
  /** From `createBillingClient()`. */
  client: BillingClient;
  /**
   * `() => loadStripe(publishableKey)` (recommended: called only when a component that collects card details
   * mounts, so pages with only a pricing table load no Stripe.js), or a promise you started yourself.
   * Read once: later changes are ignored, as Stripe Elements ignores them.
   */
  stripe: StripeSource;
  /** Your app's QueryClient, to share its cache and defaults. Without it the provider creates its own. */
  queryClient?: QueryClient;
  /** BCP 47 locale for money and dates. Defaults to `en-US`. */
  locale?: string;
  /**
   * Overrides for any string the kit shows; the rest stay English. German ships as `deMessages`:
   * `<BillingProvider locale="de-DE" messages={deMessages}>`.
   */
  messages?: Partial<BillingMessages>;
  /**
   * Theme options for Stripe's Payment Element, merged over the appearance the kit resolves from the `--bk-*`
   * tokens (`{ variables: { spacingUnit: '3px' } }`, `{ rules: {...} }`). The page's own look is themed with the
   * `--bk-*` CSS variables of `styles.css`.
   */
  appearance?: Appearance;
  children?: ReactNode;
}

/**
 * Gives the kit's hooks and components the billing client, a React Query cache and a lazy Stripe.js.
 *
 * ```tsx
 * <BillingProvider client={createBillingClient()} stripe={() => loadStripe('pk_live_...')}>
 *   <PricingTable onSelect={...} />
 * </BillingProvider>
 * ```
 */
export function BillingProvider({
  client,
  stripe,
  queryClient,
  locale = 'en-US',
  messages,
  appearance,
  children,
}: BillingProviderProps) {
  const [ownQueryClient] = useState(() => queryClient ?? new QueryClient());
  const stripeSource = useRef(stripe);
  const stripePromise = useRef<Promise<Stripe | null> | null>(null);

  const value = useMemo<BillingContextValue>(() => {
    const mergedMessages: BillingMessages = { ...defaultMessages, ...messages };
    // Dates are shown in UTC: Stripe's period boundaries are instants, and a server render (UTC) must match the
    // browser's hydration.
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    return {
      client,
      locale,
      messages: mergedMessages,
      formatMoney: (amount, currency) => formatMoney(amount, currency, { locale }),
      formatDate: (unixSeconds) => dateFormat.format(new Date(unixSeconds * 1000)),
      appearance,
      loadStripe: () => {
        if (!stripePromise.current) {
          const source = stripeSource.current;
          stripePromise.current = Promise.resolve(typeof source === 'function' ? source() : source);
        }
        return stripePromise.current;
      },
    };
  }, [client, locale, messages, appearance]);

  return (
    <QueryClientProvider client={queryClient ?? ownQueryClient}>
      <BillingContext.Provider value={value}>{children}</BillingContext.Provider>
    </QueryClientProvider>
  );
}
