import {
  EntitlementsResponseSchema,
  type SubscriptionSummary,
  SubscriptionsResponseSchema,
} from '@billing-kit/core';
import type Stripe from 'stripe';
import type { WebhookEventRecord } from '../../src/index.js';

/** The facts the mirror must agree with Stripe on, for one subscription. */
export interface ComparableSubscription {
  id: string;
  status: string;
  priceId: string;
  quantity: number;
  currentPeriodStart: number;
  currentPeriodEnd: number;
  cancelAtPeriodEnd: boolean;
  scheduledChange: { priceId: string; quantity: number; effectiveAt: number } | null;
}

/** One difference between the app and Stripe, for the failure message. */
export interface Drift {
  customerId: string;
  what: string;
  app: unknown;
  stripe: unknown;
}

const GRACE_PERIOD_SECONDS = 7 * 86_400;

function idOf(reference: string | { id: string } | null | undefined): string | null {
  if (reference === null || reference === undefined) return null;
  return typeof reference === 'string' ? reference : reference.id;
}

/**
 * A customer's subscriptions read straight from Stripe through the SDK: the current item and period, and the
 * change an active schedule makes at the period end (its first phase from then on that changes price or quantity).
 */
export async function stripeSubscriptions(
  stripe: Stripe,
  customerId: string,
): Promise<Array<ComparableSubscription & { planProductId: string }>> {
  const list = await stripe.subscriptions.list({
    customer: customerId,
    status: 'all',
    limit: 100,
    expand: ['data.schedule'],
  });
  return list.data
    .map((subscription) => {
      const item = subscription.items.data[0];
      if (!item) throw new Error(`Stripe subscription ${subscription.id} has no item`);
      const quantity = item.quantity ?? 1;
      const schedule =
        typeof subscription.schedule === 'object' && subscription.schedule !== null
          ? subscription.schedule
          : null;
      const next =
        schedule?.status === 'active'
          ? schedule.phases.find((phase) => phase.start_date >= item.current_period_end)
          : undefined;
      const nextItem = next?.items[0];
      const nextPrice = idOf(nextItem?.price as string | { id: string } | undefined);
      const changes =
        next &&
        nextItem &&
        nextPrice &&
        (nextPrice !== item.price.id || (nextItem.quantity ?? 1) !== quantity);
      return {
        id: subscription.id,
        status: subscription.status,
        priceId: item.price.id,
        planProductId: idOf(item.price.product as string | { id: string }) ?? '',
        quantity,
        currentPeriodStart: item.current_period_start,
        currentPeriodEnd: item.current_period_end,
        cancelAtPeriodEnd: subscription.cancel_at_period_end,
        scheduledChange:
          changes && next && nextPrice
            ? { priceId: nextPrice, quantity: nextItem?.quantity ?? 1, effectiveAt: next.start_date }
            : null,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

function comparable(summary: SubscriptionSummary): ComparableSubscription {
  const change = summary.scheduledChange;
  return {
    id: summary.id,
    status: summary.status,
    priceId: summary.priceId,
    quantity: summary.quantity,
    currentPeriodStart: summary.currentPeriodStart,
    currentPeriodEnd: summary.currentPeriodEnd,
    cancelAtPeriodEnd: summary.cancelAtPeriodEnd,
    scheduledChange: change
      ? { priceId: change.priceId, quantity: change.quantity, effectiveAt: change.effectiveAt }
      : null,
  };
}

/** What one customer's check found. */
export interface CustomerVerdict {
  drift: Drift[];
  /** Succeeded charges, and invoices paid with money. */
  charges: number;
  paidInvoices: number;
}

/**
 * Checks one customer after the soak has drained, reading the app only through its public API as that customer:
 * 1. the mirror (`GET /subscriptions`) equals Stripe: status, price (plan), quantity, period, cancel at period end,
 *    scheduled change;
 * 2. `GET /entitlements` grants what Stripe's state entitles to: the plan's features for active and trialing
 *    subscriptions, and for past-due ones within the grace period (counted from the oldest open invoice);
 * 3. nothing was charged twice: one subscription per customer (every start was retried with its key), every
 *    succeeded charge belongs to a distinct PaymentIntent, and the charges add up to what the invoices say was paid.
 */
export async function checkCustomer(options: {
  stripe: Stripe;
  customerId: string;
  apiUrl: string;
  customerHeader: string;
  entitlementsByProduct: Record<string, string[]>;
  now: Date;
}): Promise<CustomerVerdict> {
  const { stripe, customerId } = options;
  const drift: Drift[] = [];
  const asCustomer = { headers: { [options.customerHeader]: customerId } };

  const live = await stripeSubscriptions(stripe, customerId);
  const listed = SubscriptionsResponseSchema.parse(
    await (await fetch(`${options.apiUrl}/subscriptions`, asCustomer)).json(),
  );
  const mirror = listed.subscriptions.map(comparable).sort((a, b) => a.id.localeCompare(b.id));
  const stripeView = live.map(({ planProductId: _planProductId, ...rest }) => rest);
  if (JSON.stringify(mirror) !== JSON.stringify(stripeView)) {
    drift.push({ customerId, what: 'subscriptions', app: mirror, stripe: stripeView });
  }
  if (live.length > 1) {
    drift.push({ customerId, what: 'one subscription per start', app: live.length, stripe: 1 });
  }

  const invoices = await stripe.invoices.list({ customer: customerId, limit: 100 });
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  const expectedFeatures = new Set<string>();
  for (const subscription of live) {
    let grants = subscription.status === 'active' || subscription.status === 'trialing';
    if (subscription.status === 'past_due') {
      const unpaid = invoices.data
        .filter(
          (invoice) =>
            invoice.status === 'open' &&
            idOf(invoice.parent?.subscription_details?.subscription) === subscription.id,
        )
        .map((invoice) => invoice.status_transitions.finalized_at ?? invoice.created);
      const since = unpaid.length > 0 ? Math.min(...unpaid) : subscription.currentPeriodStart;
      grants = nowSeconds < since + GRACE_PERIOD_SECONDS;
    }
    if (!grants) continue;
    for (const feature of options.entitlementsByProduct[subscription.planProductId] ?? []) {
      expectedFeatures.add(feature);
    }
  }
  const entitlements = EntitlementsResponseSchema.parse(
    await (await fetch(`${options.apiUrl}/entitlements`, asCustomer)).json(),
  );
  const expected = [...expectedFeatures].sort();
  if (JSON.stringify(entitlements.features) !== JSON.stringify(expected)) {
    drift.push({ customerId, what: 'entitlements', app: entitlements.features, stripe: expected });
  }

  const charges = (await stripe.charges.list({ customer: customerId, limit: 100 })).data.filter(
    (charge) => charge.status === 'succeeded',
  );
  const intents = new Set(charges.map((charge) => idOf(charge.payment_intent)));
  const charged = charges.reduce((sum, charge) => sum + charge.amount, 0);
  const paid = invoices.data.reduce((sum, invoice) => sum + invoice.amount_paid, 0);
  if (intents.size !== charges.length || charged !== paid) {
    drift.push({
      customerId,
      what: 'charges (no double charge: one per PaymentIntent, summing to what the invoices were paid)',
      app: { charges: charges.length, paymentIntents: intents.size, charged },
      stripe: { paidByInvoices: paid },
    });
  }
  return {
    drift,
    charges: charges.length,
    paidInvoices: invoices.data.filter((invoice) => invoice.amount_paid > 0).length,
  };
}

/** What the webhook ledger and the worker's journal say about every event Stripe sent. */
export interface LedgerVerdict {
  stripeEvents: number;
  /** Events Stripe sent that the ledger does not have, or has but never applied. */
  lost: string[];
  /** Ledger entries for events Stripe does not know. */
  phantom: string[];
  /** Events marked applied more than once (two live appliers at once: a broken claim). */
  appliedTwice: string[];
  /** Deliveries the ledger counted beyond the first, per event (duplicates and retries recognised). */
  redeliveriesRecognised: number;
  /** Events a killed process had claimed, finished by another process. */
  takenOverAfterCrash: number;
}

/**
 * Every event Stripe sent must be in the ledger and applied, and marked applied once: a second `marked` line in the
 * journal means two processes applied it at once. A missing `marked` line is only allowed when the process that was
 * marking it was killed before it could write the line.
 */
export function checkLedger(options: {
  stripeEventIds: string[];
  ledger: WebhookEventRecord[];
  journal: Array<{ pid: string; what: string; id: string }>;
}): LedgerVerdict {
  const ledgerById = new Map(options.ledger.map((record) => [record.id, record]));
  const known = new Set(options.stripeEventIds);
  const killedPids = new Set(
    options.journal.filter((entry) => entry.what.startsWith('crash')).map((entry) => entry.pid),
  );
  const marked = new Map<string, number>();
  const claimers = new Map<string, Set<string>>();
  for (const entry of options.journal) {
    if (entry.what === 'marked') marked.set(entry.id, (marked.get(entry.id) ?? 0) + 1);
    if (entry.what === 'claimed') {
      const pids = claimers.get(entry.id) ?? new Set<string>();
      pids.add(entry.pid);
      claimers.set(entry.id, pids);
    }
  }
  const lost = options.stripeEventIds.filter((id) => ledgerById.get(id)?.appliedAt == null);
  const phantom = options.ledger.map((record) => record.id).filter((id) => !known.has(id));
  const appliedTwice = [...marked.entries()].filter(([, count]) => count > 1).map(([id]) => id);
  let takenOverAfterCrash = 0;
  for (const [, pids] of claimers) {
    if (pids.size > 1 && [...pids].some((pid) => killedPids.has(pid))) takenOverAfterCrash += 1;
  }
  return {
    stripeEvents: options.stripeEventIds.length,
    lost,
    phantom,
    appliedTwice,
    redeliveriesRecognised: options.ledger.reduce((sum, record) => sum + record.attempts - 1, 0),
    takenOverAfterCrash,
  };
}
