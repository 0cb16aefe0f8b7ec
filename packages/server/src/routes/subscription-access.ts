import type { Price, SubscriptionSummary } from '@billing-kit/core';
import type Stripe from 'stripe';
import { ApiError } from '../http/api-error.js';
import type { PlanConfig } from '../options.js';
import { SUBSCRIPTION_SYNC_EXPAND, syncSubscription } from '../sync/sync-subscription.js';
import type { RouteContext } from './route-context.js';

/**
 * The customer's subscription `subscriptionId` as the mirror holds it, or 404 `not_found`. Ownership comes from the
 * mirror alone, so an id of another customer (or a made-up one) never reaches Stripe.
 */
export async function requireOwnSubscription(
  context: RouteContext,
  customerId: string,
  subscriptionId: string | undefined,
): Promise<SubscriptionSummary> {
  const found = subscriptionId
    ? (await context.store.getSubscriptions(customerId)).find((row) => row.id === subscriptionId)
    : undefined;
  if (!found) throw new ApiError(404, 'not_found', 'There is no such subscription on your account.');
  return found;
}

/**
 * Re-reads the subscription from Stripe (expanded as the mirror needs) and checks, once more, that it is the
 * customer's: the mirror could only be wrong about that if Stripe moved it, which the kit never does.
 */
export async function retrieveOwnSubscription(
  context: RouteContext,
  customerId: string,
  subscriptionId: string,
): Promise<Stripe.Subscription> {
  const subscription = await context.stripe.subscriptions.retrieve(subscriptionId, {
    expand: SUBSCRIPTION_SYNC_EXPAND,
  });
  const owner = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id;
  if (owner !== customerId) {
    throw new ApiError(404, 'not_found', 'There is no such subscription on your account.');
  }
  return subscription;
}

/** Re-reads the subscription from Stripe into the mirror and answers the mirror's summary (eager sync). */
export async function syncAndSummarize(
  context: RouteContext,
  customerId: string,
  subscriptionId: string,
): Promise<SubscriptionSummary> {
  await syncSubscription(context.stripe, context.store, subscriptionId);
  return requireOwnSubscription(context, customerId, subscriptionId);
}

/** A price the customer may buy, with its plan's configuration and display name. */
export interface CatalogChoice {
  price: Price;
  plan: PlanConfig;
  planName: string;
}

/**
 * The catalog price `priceId` for `quantity` seats, or 400 `invalid_request` naming the field: prices outside the
 * synced catalog (unknown, archived, of an unconfigured product) and quantities above 1 on plans not sold per seat
 * never reach Stripe.
 */
export async function requireCatalogChoice(
  context: RouteContext,
  priceId: string,
  quantity: number,
): Promise<CatalogChoice> {
  const price = await context.store.findCatalogPrice(priceId);
  const plan = price
    ? context.catalog.plans.find((candidate) => candidate.productId === price.productId)
    : undefined;
  const product = price ? await context.store.findCatalogProduct(price.productId) : undefined;
  if (!price || !plan || !product?.active) {
    throw new ApiError(400, 'invalid_request', 'This price is not offered.', { field: 'priceId' });
  }
  if (quantity > 1 && !plan.perSeat) {
    throw new ApiError(400, 'invalid_request', 'This plan is not sold per seat: the quantity must be 1.', {
      field: 'quantity',
    });
  }
  return { price, plan, planName: product.name };
}
