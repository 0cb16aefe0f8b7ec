import type Stripe from 'stripe';
import type { CatalogConfig } from '../options.js';
import type { BillingStore } from '../store/billing-store.js';
import { comparePrices, priceFromStripe } from './price-from-stripe.js';

/**
 * Reads every configured product and its active recurring prices from Stripe into the store, so that serving the
 * catalog costs no Stripe call. Run it at start-up and whenever products or prices change.
 */
export async function syncCatalog(
  stripe: Stripe,
  store: BillingStore,
  catalog: CatalogConfig,
): Promise<void> {
  for (const plan of catalog.plans) {
    let product: Stripe.Product;
    try {
      product = await stripe.products.retrieve(plan.productId);
    } catch (error) {
      if ((error as { code?: string }).code === 'resource_missing') {
        throw new Error(
          `billing-kit: product ${plan.productId} from catalog.plans does not exist in this Stripe account. ` +
            'Create it in Stripe or remove it from the catalog.',
          { cause: error },
        );
      }
      throw error;
    }

    const prices = [];
    for await (const listed of stripe.prices.list({
      product: plan.productId,
      active: true,
      type: 'recurring',
      limit: 100,
    })) {
      // Stripe only returns `tiers` when expanded; without them a tiered price would look free. Expanding per price
      // keeps flat prices (the usual case) to the one list call.
      const stripePrice =
        listed.billing_scheme === 'tiered' && !listed.tiers
          ? await stripe.prices.retrieve(listed.id, { expand: ['tiers'] })
          : listed;
      const price = priceFromStripe(stripePrice);
      if (price) prices.push(price);
    }

    await store.saveCatalogProduct({
      id: product.id,
      name: product.name,
      description: product.description ?? null,
      active: product.active,
      prices: prices.sort(comparePrices),
    });
  }
}
