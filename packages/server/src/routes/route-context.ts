import type Stripe from 'stripe';
import { ApiError } from '../http/api-error.js';
import type { RouteParams } from '../http/router.js';
import type { CatalogConfig } from '../options.js';
import type { BillingStore } from '../store/billing-store.js';

/** What every route handler gets besides the request. */
export interface RouteContext {
  stripe: Stripe;
  store: BillingStore;
  catalog: CatalogConfig;
  webhookSecret: string;
  resolveCustomer: (request: Request) => Promise<string | null> | string | null;
  /** Tax rate ids applied to new subscriptions and their previews (`defaultTaxRates`, default none). */
  defaultTaxRates: string[];
  /** Days a `past_due` subscription keeps granting its entitlements (`gracePeriodDays`, default 7). */
  gracePeriodDays: number;
  /** The current time (the `now` option; the system clock by default). */
  now: () => Date;
}

/**
 * A route: the request in, the response out. Throws {@link ApiError} for refusals. `params` holds the values of the
 * route's `:name` path segments (untrusted input: check every id against the customer before use).
 */
export type RouteHandler = (
  request: Request,
  context: RouteContext,
  params: RouteParams,
) => Promise<Response>;

/** The signed-in customer's Stripe id, or 401 `unauthenticated`. */
export async function requireCustomer(request: Request, context: RouteContext): Promise<string> {
  const customerId = await context.resolveCustomer(request);
  if (customerId === null || customerId === undefined || customerId === '') {
    throw new ApiError(401, 'unauthenticated', 'Sign in to manage your subscription.');
  }
  return customerId;
}
