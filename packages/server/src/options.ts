import type Stripe from 'stripe';
import type { BillingErrorReporter } from './http/to-error-response.js';
import type { BillingStore } from './store/billing-store.js';
import type { WebhookCrypto } from './webhooks/verify-webhook.js';

/** One plan of the catalog: a Stripe product plus what Stripe does not know about it. */
export interface PlanConfig {
  /** Stripe product id (`prod_...`). Its active monthly and yearly recurring prices become the plan's prices. */
  productId: string;
  /** Plain-words features shown on the pricing table, in order. */
  features?: string[];
  /** Entitlement keys the plan grants (`analytics`, `sso`...). */
  entitlements?: string[];
  /** Visually emphasise this plan on the pricing table. */
  highlighted?: boolean;
  /** Priced per seat: the customer picks a quantity. Other plans only accept quantity 1. */
  perSeat?: boolean;
}

/** The plans offered, in display order. */
export interface CatalogConfig {
  plans: PlanConfig[];
}

/** Options of {@link createBilling}. */
export interface BillingOptions {
  /** The official Stripe SDK instance (pointed at `@billing-kit/stripe-emulator` offline). */
  stripe: Stripe;
  /** Where the mirror and the webhook ledger live, e.g. `await createPGliteStore()`. */
  store: BillingStore;
  /**
   * Maps a request to the signed-in customer's Stripe customer id, from the host's own session. Return null when
   * nobody is signed in. It is the only source of the customer: ids in request bodies are never trusted.
   */
  resolveCustomer: (request: Request) => Promise<string | null> | string | null;
  /** The plans offered. Call `syncCatalog()` after changing it. */
  catalog: CatalogConfig;
  /** The `whsec_...` signing secret of the webhook endpoint Stripe posts to `{basePath}/webhooks`. */
  webhookSecret: string;
  /** Where the API is mounted. Defaults to `DEFAULT_BASE_PATH` from core (`/api/billing`). */
  basePath?: string;
  /**
   * Told about every error answered with a 5xx (never about the customer's own mistakes), so the host can log it.
   * Defaults to `console.error`. Responses never carry these details.
   */
  onError?: BillingErrorReporter;
  /** The webhook pipeline's settings. */
  webhooks?: {
    /**
     * How long a delivery's claim on an event holds, in ms (default 120000). Only a process that died midway leaves a
     * claim behind; after this long another delivery or `drain()` takes the event over. Keep it above the longest
     * apply (Stripe re-reads included).
     */
    claimLeaseMs?: number;
    /**
     * Signature verification: `auto` (default) uses node:crypto on Node and Web Crypto
     * (`Stripe.createSubtleCryptoProvider()`) where node:crypto is absent; `node` or `web` force one.
     */
    crypto?: WebhookCrypto;
  };
  /**
   * Stripe tax rate ids (`txr_...`) applied to new subscriptions and their previews (`default_tax_rates`), for
   * hosts that do not use Stripe Tax. Defaults to none.
   */
  defaultTaxRates?: string[];
  /**
   * Days a `past_due` subscription keeps granting its entitlements, counted from when it became past due (its
   * oldest unpaid invoice's first payment attempt). Defaults to 7; 0 withdraws them at once.
   */
  gracePeriodDays?: number;
  /**
   * The current time, for expiry and grace-period decisions. Defaults to the system clock; tests driving Stripe
   * test clocks pass the clock's frozen time.
   */
  now?: () => Date;
}
