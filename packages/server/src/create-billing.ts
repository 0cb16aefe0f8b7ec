import {
  type BillingRouteName,
  billingRoutes,
  DEFAULT_BASE_PATH,
  type EntitlementsResponse,
  WEBHOOK_PATH,
} from '@billing-kit/core';
import { createIdempotentReplay } from './http/idempotent-replay.js';
import { createRouter, type RouteDefinition } from './http/router.js';
import { toErrorResponse } from './http/to-error-response.js';
import type { BillingOptions } from './options.js';
import {
  type ReconcileOptions,
  type ReconcileReport,
  reconcileSubscriptions,
} from './reconcile/reconcile-subscriptions.js';
import { cancelScheduledChange } from './routes/cancel-scheduled-change.js';
import { cancelSubscription } from './routes/cancel-subscription.js';
import { changePlan } from './routes/change-plan.js';
import { completeSetupIntent } from './routes/complete-setup-intent.js';
import { DEFAULT_GRACE_PERIOD_DAYS, readEntitlements } from './routes/compute-entitlements.js';
import { confirmSubscription } from './routes/confirm-subscription.js';
import { createSetupIntent } from './routes/create-setup-intent.js';
import { getCatalog } from './routes/get-catalog.js';
import { getEntitlements } from './routes/get-entitlements.js';
import { listInvoices } from './routes/list-invoices.js';
import { listPaymentMethods } from './routes/list-payment-methods.js';
import { listSubscriptions } from './routes/list-subscriptions.js';
import { payInvoice } from './routes/pay-invoice.js';
import { previewPlanChange } from './routes/preview-plan-change.js';
import { previewSubscription } from './routes/preview-subscription.js';
import { removePaymentMethod } from './routes/remove-payment-method.js';
import { resumeSubscription } from './routes/resume-subscription.js';
import type { RouteContext, RouteHandler } from './routes/route-context.js';
import { setDefaultPaymentMethod } from './routes/set-default-payment-method.js';
import { startSubscription } from './routes/start-subscription.js';
import type { BillingStore } from './store/billing-store.js';
import { syncCatalog } from './sync/sync-catalog.js';
import { type DrainReport, drainWebhookEvents } from './webhooks/drain-webhook-events.js';
import { createWebhookHandler } from './webhooks/handle-webhook.js';
import { webhookCryptoProvider } from './webhooks/verify-webhook.js';

/** How long a webhook delivery's claim on an event holds by default (see `webhooks.claimLeaseMs`). */
export const DEFAULT_CLAIM_LEASE_MS = 120_000;

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
  /**
   * What a customer may use now (`GET /entitlements` for server code): features of their active or trialing plan,
   * or of a past-due one within `gracePeriodDays`. Reads the mirror only: no Stripe call, safe on every request.
   */
  getEntitlements(customerId: string): Promise<EntitlementsResponse>;
  /**
   * Applies every accepted webhook event that is not applied yet: those whose apply failed (Stripe or the database
   * down) and those a crashed process had claimed, once their claim's lease ran out. Safe beside live deliveries
   * and other drains: each event is claimed first. Run it at start-up or on a timer.
   */
  drain(): Promise<DrainReport>;
  /**
   * Re-reads subscriptions from Stripe (every one, or `customerId`'s), repairs the mirror and reports each drift it
   * fixed. Also available as `billing-kit reconcile --database-url ...`.
   */
  reconcile(options?: ReconcileOptions): Promise<ReconcileReport>;
}

// Typed against core's route table: adding a route to the contract without a handler fails to compile.
const routeHandlers: Record<BillingRouteName, RouteHandler> = {
  getCatalog,
  listSubscriptions,
  startSubscription,
  previewSubscription,
  confirmSubscription,
  previewPlanChange,
  changePlan,
  cancelScheduledChange,
  cancelSubscription,
  resumeSubscription,
  createSetupIntent,
  completeSetupIntent,
  listPaymentMethods,
  setDefaultPaymentMethod,
  removePaymentMethod,
  listInvoices,
  payInvoice,
  getEntitlements,
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
  if (
    options.gracePeriodDays !== undefined &&
    !(Number.isFinite(options.gracePeriodDays) && options.gracePeriodDays >= 0)
  ) {
    throw new TypeError('createBilling: `gracePeriodDays` must be a number of days, 0 or more (default 7).');
  }
  const lease = options.webhooks?.claimLeaseMs;
  if (lease !== undefined && !(Number.isFinite(lease) && lease >= 1)) {
    throw new TypeError(
      'createBilling: `webhooks.claimLeaseMs` must be a number of milliseconds, 1 or more.',
    );
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
    defaultTaxRates: options.defaultTaxRates ?? [],
    gracePeriodDays: options.gracePeriodDays ?? DEFAULT_GRACE_PERIOD_DAYS,
    now: options.now ?? (() => new Date()),
  };
  const reportError = options.onError ?? ((error: unknown) => console.error('billing-kit:', error));
  const webhookSettings = {
    claimLeaseMs: options.webhooks?.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS,
    cryptoProvider: webhookCryptoProvider(options.webhooks?.crypto),
  };

  // Writes sent with an Idempotency-Key answer a resend with the first answer (the webhook endpoint is Stripe's:
  // its events are deduplicated by id in the ledger instead).
  const replayOrRun = createIdempotentReplay({
    store: options.store,
    resolveCustomer: options.resolveCustomer,
  });
  const withReplay =
    (name: BillingRouteName, handle: RouteHandler): RouteHandler =>
    (request, routeContext, params) =>
      replayOrRun(request, name, (replayable, customerId) =>
        handle(
          replayable,
          // The customer is resolved already: the route's requireCustomer reads it instead of asking the host again.
          customerId === undefined ? routeContext : { ...routeContext, resolveCustomer: () => customerId },
          params,
        ).catch((error: unknown) => toErrorResponse(error, replayable, reportError)),
      );

  const routes: RouteDefinition<RouteHandler>[] = [
    ...(Object.keys(routeHandlers) as BillingRouteName[]).map((name) => ({
      method: billingRoutes[name].method,
      path: billingRoutes[name].path,
      handle:
        billingRoutes[name].method === 'GET' ? routeHandlers[name] : withReplay(name, routeHandlers[name]),
    })),
    { method: 'POST', path: WEBHOOK_PATH, handle: createWebhookHandler(webhookSettings) },
  ];
  const matchRoute = createRouter(options.basePath ?? DEFAULT_BASE_PATH, routes);

  return {
    async handler(request: Request) {
      try {
        const { handle, params } = matchRoute(request.method, new URL(request.url).pathname);
        return await handle(request, context, params);
      } catch (error) {
        return toErrorResponse(error, request, reportError);
      }
    },
    syncCatalog: () => syncCatalog(options.stripe, options.store, options.catalog),
    store: options.store,
    getEntitlements: (customerId: string) =>
      readEntitlements(options.store, customerId, {
        catalog: options.catalog,
        gracePeriodDays: context.gracePeriodDays,
        now: context.now(),
      }),
    drain: () => drainWebhookEvents(context, { claimLeaseMs: webhookSettings.claimLeaseMs }),
    reconcile: (reconcileOptions) => reconcileSubscriptions(options.stripe, options.store, reconcileOptions),
  };
}
