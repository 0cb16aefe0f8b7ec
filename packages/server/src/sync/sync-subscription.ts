import type Stripe from 'stripe';
import type { BillingStore, SubscriptionMirrorRow } from '../store/billing-store.js';
import { readSubscriptionLifecycle } from './subscription-lifecycle.js';
import { subscriptionToRow } from './subscription-to-row.js';

/** What a subscription re-read expands, so that the mirror's lifecycle fields cost no extra call. */
export const SUBSCRIPTION_SYNC_EXPAND = ['latest_invoice', 'schedule'];

/** The product's display name: from the synced catalog when possible, else from Stripe. */
async function resolvePlanName(stripe: Stripe, store: BillingStore, subscription: Stripe.Subscription) {
  const product = subscription.items.data[0]?.price.product;
  if (product === undefined) return '';
  if (typeof product !== 'string') return 'name' in product ? product.name : product.id;
  const stored = await store.findCatalogProduct(product);
  if (stored) return stored.name;
  return (await stripe.products.retrieve(product)).name;
}

/**
 * Writes a subscription object the server just received from Stripe into the mirror, with its lifecycle fields
 * (scheduled change, next invoice, latest invoice status, past-due start).
 * @param version monotonic version of this state (unix ms): the write is skipped when the mirror holds a newer one.
 */
export async function mirrorSubscription(
  stripe: Stripe,
  store: BillingStore,
  subscription: Stripe.Subscription,
  version: number,
): Promise<SubscriptionMirrorRow | null> {
  const row = subscriptionToRow(
    subscription,
    version,
    await resolvePlanName(stripe, store, subscription),
    await readSubscriptionLifecycle(stripe, store, subscription),
  );
  if (row) await store.upsertSubscription(row);
  return row;
}

/**
 * Re-reads a subscription from Stripe and writes it into the mirror. The version is the time the read started, so
 * when two re-reads race the one that started later, and so saw the newer state, wins.
 */
export async function syncSubscription(stripe: Stripe, store: BillingStore, subscriptionId: string) {
  const version = Date.now();
  const subscription = await stripe.subscriptions.retrieve(subscriptionId, {
    expand: SUBSCRIPTION_SYNC_EXPAND,
  });
  return mirrorSubscription(stripe, store, subscription, version);
}
