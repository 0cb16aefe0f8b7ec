import { type BillingRouteName, billingRoutes, DEFAULT_BASE_PATH, WEBHOOK_PATH } from '@billing-kit/core';
import { createRouter, type RouteDefinition } from './http/router.js';
import { toErrorResponse } from './http/to-error-response.js';
import type { BillingOptions } from './options.js';
import { getCatalog } from './routes/get-catalog.js';
import { listSubscriptions } from './routes/list-subscriptions.js';
import type { RouteContext, RouteHandler } from './routes/route-context.js';
import { startSubscription } from './routes/start-subscription.js';
import type { BillingStore } from './store/billing-store.js';
import { syncCatalog } from './sync/sync-catalog.js';
import { handleWebhook } from './webhooks/handle-webhook.js';

/** What {@link createBilling} returns. */
export interface Billing {
  /**
   * The whole billing API as one Fetch handler: every route of core's `billingRoutes` under `basePath`, plus
   * `POST {basePath}/webhooks` for Stripe. Mount it on any path that starts with `basePath`.
   */
  handler: (request: Request) => Promise<Response>;
  /** Reads the configured products and their active recurring prices from Stripe into the store. */
  syncCatalog(): Promise<void>;
  /** The store the handler reads and writes. */
  store: BillingStore;
}

// Typed against core's route table: adding a route to the contract without a handler fails to compile.
const routeHandlers: Record<BillingRouteName, RouteHandler> = {
  getCatalog,
  listSubscriptions,
  startSubscription,
};

function assertOptions(options: BillingOptions) {
  if (!options?.stripe)
    throw new TypeError('createBilling: pass `stripe`, an instance of the official Stripe SDK.');
  if (!options.store) throw new TypeError('createBilling: pass `store`, e.g. `await createPGliteStore()`.');
  if (typeof options.resolveCustomer !== 'function') {
    throw new TypeError(
      'createBilling: pass `resolveCustomer(request)`, returning the signed-in Stripe customer id or null.',
    );
  }
  if (!Array.isArray(options.catalog?.plans)) {
    throw new TypeError("createBilling: pass `catalog: { plans: [{ productId: 'prod_...' }] }`.");
  }
  if (!options.webhookSecret?.startsWith('whsec_')) {
    throw new TypeError(
      'createBilling: `webhookSecret` must be the endpoint signing secret (whsec_...) from Stripe or the emulator.',
    );
  }
}

/**
 * Creates the billing API: a Fetch handler serving the catalog, the customer's subscriptions and subscription
 * starts from the server's own mirror, and a signature-checked, idempotent Stripe webhook endpoint keeping that
 * mirror right.
 *
 * @example
 * const billing = createBilling({
 *   stripe: new Stripe(process.env.STRIPE_SECRET_KEY),
 *   store: await createPGliteStore({ dataDir: './.billing-data' }),
 *   resolveCustomer: (request) => sessionOf(request)?.stripeCustomerId ?? null,
 *   catalog: { plans: [{ productId: 'prod_starter' }, { productId: 'prod_team', perSeat: true }] },
 *   webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
 * });
 * await billing.syncCatalog();
 */
export function createBilling(options: BillingOptions): Billing {
  assertOptions(options);
  const context: RouteContext = {
    stripe: options.stripe,
    store: options.store,
    catalog: options.catalog,
    webhookSecret: options.webhookSecret,
    resolveCustomer: options.resolveCustomer,
  };
  const reportError = options.onError ?? ((error: unknown) => console.error('billing-kit:', error));

  const routes: RouteDefinition<RouteHandler>[] = [
    ...(Object.keys(routeHandlers) as BillingRouteName[]).map((name) => ({
      method: billingRoutes[name].method,
      path: billingRoutes[name].path,
      handle: routeHandlers[name],
    })),
    { method: 'POST', path: WEBHOOK_PATH, handle: handleWebhook },
  ];
  const matchRoute = createRouter(options.basePath ?? DEFAULT_BASE_PATH, routes);

  return {
    async handler(request: Request) {
      try {
        const handle = matchRoute(request.method, new URL(request.url).pathname);
        return await handle(request, context);
      } catch (error) {
        return toErrorResponse(error, request, reportError);
      }
    },
    syncCatalog: () => syncCatalog(options.stripe, options.store, options.catalog),
    store: options.store,
  };
}
