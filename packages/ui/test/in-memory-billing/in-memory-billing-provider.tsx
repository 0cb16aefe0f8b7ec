import { QueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { BillingProvider, type BillingProviderProps } from '../../src/index.js';
import type { BillingScenario } from './billing-scenario.js';
import { createInMemoryBilling, type InMemoryBilling } from './create-in-memory-billing.js';

/** Props of {@link InMemoryBillingProvider}. */
export interface InMemoryBillingProviderProps {
  /** The starting state; read once, on mount (remount with a `key` to start over). */
  scenario?: BillingScenario;
  /**
   * An in-memory billing you created yourself, to read its `state()` in a test or play function. Wins over
   * `scenario`.
   */
  billing?: InMemoryBilling;
  /** BCP 47 locale for money and dates. Defaults to `en-US`. */
  locale?: string;
  /** Overrides for the kit's strings, e.g. `deMessages`. */
  messages?: BillingProviderProps['messages'];
  /** Stripe Appearance overrides for the Payment Element. */
  appearance?: BillingProviderProps['appearance'];
  children?: ReactNode;
}

/**
 * A `BillingProvider` backed by an in-memory billing server and the fake Stripe.js, with a fresh QueryClient that
 * never retries (so error states show at once). For stories and tests: no network, every flow clickable.
 *
 * ```tsx
 * <InMemoryBillingProvider scenario={scenarios.pastDue} locale="de-DE" messages={deMessages}>
 *   <BillingPortal />
 * </InMemoryBillingProvider>
 * ```
 */
export function InMemoryBillingProvider({
  scenario,
  billing,
  locale = 'en-US',
  messages,
  appearance,
  children,
}: InMemoryBillingProviderProps) {
  const [own] = useState(() => billing ?? createInMemoryBilling(scenario));
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } }),
  );
  const [stripe] = useState(() => () => Promise.resolve(own.stripe));
  return (
    <BillingProvider
      client={own.client}
      stripe={stripe}
      queryClient={queryClient}
      locale={locale}
      {...(messages ? { messages } : {})}
      {...(appearance ? { appearance } : {})}
    >
      {children}
    </BillingProvider>
  );
}
