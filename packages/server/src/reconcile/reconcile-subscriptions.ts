import type Stripe from 'stripe';
import type { BillingStore, SubscriptionMirrorRow } from '../store/billing-store.js';
import { mirrorSubscription, SUBSCRIPTION_SYNC_EXPAND } from '../sync/sync-subscription.js';

/** One difference between the mirror and Stripe that `reconcile()` found and repaired. */
export interface SubscriptionDrift {
  subscriptionId: string;
  customerId: string;
  /**
   * `missing`: Stripe has it, the mirror did not; `changed`: fields differed (listed in `fields`); `orphaned`: the
   * mirror had a subscription Stripe does not know, now removed.
   */
  kind: 'missing' | 'changed' | 'orphaned';
  /** For `changed`: each differing field, with the mirror's value before the repair and Stripe's. */
  fields: Array<{ field: string; mirror: unknown; stripe: unknown }>;
}

/** What `reconcile()` checked and repaired. */
export interface ReconcileReport {
  /** Subscriptions compared (those in Stripe plus mirror rows Stripe does not list). */
  checked: number;
  drifts: SubscriptionDrift[];
}

/** Options of `reconcile()`. */
export interface ReconcileOptions {
  /** Only this customer's subscriptions. Without it, every subscription of the Stripe account. */
  customerId?: string;
}

// Bookkeeping, not state: they differ after every sync.
const IGNORED_FIELDS = new Set(['version', 'syncedAt']);
// A version this far ahead of the clock was not written by a sync (they use the time of the read): it would block
// every repair, so it is treated as drift itself.
const MAX_CLOCK_SKEW_MS = 60_000;

function differingFields(mirror: SubscriptionMirrorRow, stripe: SubscriptionMirrorRow) {
  const fields: SubscriptionDrift['fields'] = [];
  for (const key of Object.keys(stripe) as Array<keyof SubscriptionMirrorRow>) {
    if (IGNORED_FIELDS.has(key)) continue;
    if (JSON.stringify(mirror[key] ?? null) !== JSON.stringify(stripe[key] ?? null)) {
      fields.push({ field: key, mirror: mirror[key] ?? null, stripe: stripe[key] ?? null });
    }
  }
  return fields;
}

function isMissingResource(error: unknown): boolean {
  return (error as { code?: string; statusCode?: number })?.code === 'resource_missing';
}

/**
 * Re-reads subscriptions from Stripe (all of them, or one customer's), writes each into the mirror and reports
 * every drift it repaired: rows that were missing, rows whose fields differed, and rows Stripe does not know (removed).
 * Writes are versioned like webhook re-reads, so a reconcile racing a webhook never puts back an older state.
 */
export async function reconcileSubscriptions(
  stripe: Stripe,
  store: BillingStore,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const version = Date.now();
  const before = new Map(
    (await store.listSubscriptionRows(options.customerId ? { customerId: options.customerId } : {})).map(
      (row) => [row.id, row],
    ),
  );
  const drifts: SubscriptionDrift[] = [];
  const seen = new Set<string>();

  const repair = async (subscription: Stripe.Subscription) => {
    seen.add(subscription.id);
    const stored = before.get(subscription.id);
    if (stored && stored.version > Date.now() + MAX_CLOCK_SKEW_MS)
      await store.deleteSubscription(subscription.id);
    const fresh = await mirrorSubscription(stripe, store, subscription, version);
    if (!fresh) return; // not something the mirror shows (e.g. billed weekly)
    if (!stored) {
      drifts.push({ subscriptionId: fresh.id, customerId: fresh.customerId, kind: 'missing', fields: [] });
      return;
    }
    const fields = differingFields(stored, fresh);
    if (fields.length > 0) {
      drifts.push({ subscriptionId: fresh.id, customerId: fresh.customerId, kind: 'changed', fields });
    }
  };

  const expand = SUBSCRIPTION_SYNC_EXPAND.map((path) => `data.${path}`);
  for await (const subscription of stripe.subscriptions.list({
    status: 'all',
    limit: 100,
    expand,
    ...(options.customerId ? { customer: options.customerId } : {}),
  })) {
    await repair(subscription);
  }

  // Rows Stripe did not list: gone from Stripe, or moved to another customer (then the re-read repairs them).
  for (const stored of before.values()) {
    if (seen.has(stored.id)) continue;
    try {
      await repair(await stripe.subscriptions.retrieve(stored.id, { expand: SUBSCRIPTION_SYNC_EXPAND }));
    } catch (error) {
      if (!isMissingResource(error)) throw error;
      await store.deleteSubscription(stored.id);
      drifts.push({ subscriptionId: stored.id, customerId: stored.customerId, kind: 'orphaned', fields: [] });
    }
    seen.add(stored.id);
  }
  return { checked: seen.size, drifts };
}
