import { billingRoutes, type Plan } from '@billing-kit/core';
import { contractResponse } from '../http/json-response.js';
import { findCurrentSubscription } from './current-subscription.js';
import type { RouteHandler } from './route-context.js';

/**
 * `GET /catalog`: the configured plans with the prices `syncCatalog()` stored, in configuration order, and the
 * signed-in customer's current price. Works signed out. Reads the mirror only: no Stripe call.
 */
export const getCatalog: RouteHandler = async (request, context) => {
  const products = new Map(
    (await context.store.listCatalogProducts()).map((product) => [product.id, product]),
  );
  const plans: Plan[] = [];
  for (const config of context.catalog.plans) {
    const product = products.get(config.productId);
    // Not synced yet, or archived in Stripe: nothing the customer could buy.
    if (!product?.active || product.prices.length === 0) continue;
    plans.push({
      id: product.id,
      name: product.name,
      description: product.description,
      features: config.features ?? [],
      entitlements: config.entitlements ?? [],
      highlighted: config.highlighted ?? false,
      perSeat: config.perSeat ?? false,
      prices: product.prices,
    });
  }

  const customerId = await context.resolveCustomer(request);
  const current = customerId
    ? findCurrentSubscription(await context.store.getSubscriptions(customerId))
    : null;

  return contractResponse(billingRoutes.getCatalog.response, {
    plans,
    currentPriceId: current?.priceId ?? null,
  });
};
