import type { Appearance, Stripe } from '@stripe/stripe-js';
import { createContext } from 'react';
import type { BillingMessages } from '../i18n/messages.js';
import type { BillingClient } from './create-billing-client.js';

/** What `BillingProvider` shares with every hook and component of the kit. */
export interface BillingContextValue {
  client: BillingClient;
  /** BCP 47 locale used for money and dates. */
  locale: string;
  /** The English defaults merged with the provider's `messages` overrides. */
  messages: BillingMessages;
  /** Formats a minor-unit amount in the provider's locale (zero-decimal currencies included). */
  formatMoney: (amount: number, currency: string) => string;
  /** Formats a Unix-seconds timestamp as a date in the provider's locale (`March 1, 2027`, `1. März 2027`). */
  formatDate: (unixSeconds: number) => string;
  /**
   * Stripe Appearance overrides from the provider's `appearance` prop, merged over what the kit resolves from the
   * `--bk-*` tokens for every Payment Element.
   */
  appearance: Appearance | undefined;
  /**
   * Starts loading Stripe.js on the first call and returns the same promise afterwards. Only components that collect
   * card details call it, so pages without them never load Stripe.js.
   */
  loadStripe: () => Promise<Stripe | null>;
}

export const BillingContext = createContext<BillingContextValue | null>(null);
BillingContext.displayName = 'BillingContext';
