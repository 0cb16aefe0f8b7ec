import type { EntitlementsResponse, SubscriptionSummary } from '@billing-kit/core';
import type { CatalogConfig } from '../options.js';
import type { BillingStore, InvoiceMirrorRow } from '../store/billing-store.js';
import { findCurrentSubscription } from './current-subscription.js';

/** Days a `past_due` subscription keeps granting its entitlements unless `gracePeriodDays` says otherwise. */
export const DEFAULT_GRACE_PERIOD_DAYS = 7;

const SECONDS_PER_DAY = 86_400;

/**
 * When a past-due subscription became past due: as the subscription mirror recorded it (`pastDueSince`), else the
 * first payment attempt of its oldest unpaid invoice in the invoice mirror (Stripe attempts an invoice when it
 * finalizes it), else the start of the current period, when the failed renewal was billed.
 */
function pastDueSince(subscription: SubscriptionSummary, invoices: InvoiceMirrorRow[]): number {
  if (subscription.pastDueSince !== null && subscription.pastDueSince !== undefined) {
    return subscription.pastDueSince;
  }
  const unpaid = invoices
    .filter((invoice) => invoice.subscriptionId === subscription.id && invoice.status === 'open')
    .map((invoice) => invoice.finalizedAt ?? invoice.created);
  return unpaid.length > 0 ? Math.min(...unpaid) : subscription.currentPeriodStart;
}

/** Everything {@link computeEntitlements} decides from. */
export interface EntitlementInputs {
  /** The customer's mirrored subscriptions, newest first. */
  subscriptions: SubscriptionSummary[];
  /** The customer's mirrored invoices. */
  invoices: InvoiceMirrorRow[];
  catalog: CatalogConfig;
  gracePeriodDays: number;
  now: Date;
}

/**
 * What a customer may use now. `active` and `trialing` subscriptions grant their plan's `entitlements` from the
 * catalog config; `past_due` ones keep granting them until `gracePeriodDays` after they became past due; every
 * other status grants nothing.
 */
export function computeEntitlements(inputs: EntitlementInputs): EntitlementsResponse {
  const nowSeconds = Math.floor(inputs.now.getTime() / 1000);
  const features = new Set<string>();
  let graceEndsAt: number | null = null;
  for (const subscription of inputs.subscriptions) {
    let grants = subscription.status === 'active' || subscription.status === 'trialing';
    if (subscription.status === 'past_due') {
      const endsAt = pastDueSince(subscription, inputs.invoices) + inputs.gracePeriodDays * SECONDS_PER_DAY;
      graceEndsAt = graceEndsAt === null ? endsAt : Math.min(graceEndsAt, endsAt);
      grants = nowSeconds < endsAt;
    }
    if (!grants) continue;
    const plan = inputs.catalog.plans.find((candidate) => candidate.productId === subscription.planId);
    for (const feature of plan?.entitlements ?? []) features.add(feature);
  }
  const primary = findCurrentSubscription(inputs.subscriptions) ?? inputs.subscriptions[0] ?? null;
  return {
    features: [...features].sort(),
    status: primary?.status ?? null,
    graceEndsAt: primary?.status === 'past_due' ? graceEndsAt : null,
  };
}

/** The customer's entitlements from the mirror alone: no Stripe call. */
export async function readEntitlements(
  store: BillingStore,
  customerId: string,
  options: { catalog: CatalogConfig; gracePeriodDays: number; now: Date },
): Promise<EntitlementsResponse> {
  const [subscriptions, invoices] = await Promise.all([
    store.getSubscriptions(customerId),
    store.getInvoices(customerId),
  ]);
  return computeEntitlements({ subscriptions, invoices, ...options });
}
