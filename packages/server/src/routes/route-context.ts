import type Stripe from 'stripe';
import { ApiError } from '../http/api-error.js';
import type { CatalogConfig } from '../options.js';
import type { BillingStore } from '../store/billing-store.js';

/** What every route handler gets besides the request. */
export interface RouteContext {
  stripe: Stripe;
  store: BillingStore;
  catalog: CatalogConfig;
  webhookSecret: string;
  resolveCustomer: (request: Request) => Promise<string | null> | string | null;
}

/** A route: the request in, the response out. Throws {@link ApiError} for refusals. */
export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

/** The signed-in customer's Stripe id, or 401 `unauthenticated`. */
export async function requireCustomer(request: Request, context: RouteContext): Promise<string> {
  const customerId = await context.resolveCustomer(request);
  if (customerId === null || customerId === undefined || customerId === '') {
    throw new ApiError(401, 'unauthenticated', 'Sign in to manage your subscription.');
  }
  return customerId;
}
