import type { InvoiceStatus, NextInvoice, ScheduledChange } from '@billing-kit/core';
import { IntervalSchema, InvoiceStatusSchema } from '@billing-kit/core';
import type Stripe from 'stripe';
import type { BillingStore } from '../store/billing-store.js';

/** The mirror fields beyond the subscription object itself, computed while syncing so reads never call Stripe. */
export interface SubscriptionLifecycle {
  scheduledChange: ScheduledChange | null;
  nextInvoice: NextInvoice | null;
  latestInvoiceStatus: InvoiceStatus | null;
  pastDueSince: number | null;
}

// Statuses that renew: a next invoice exists. `incomplete` has none until its first invoice is paid.
const RENEWING_STATUSES = new Set(['active', 'trialing', 'past_due', 'unpaid']);

function idOf(reference: string | { id: string } | null | undefined): string | null {
  if (reference === null || reference === undefined) return null;
  return typeof reference === 'string' ? reference : reference.id;
}

/** The phase a schedule moves to after the current one, when its items differ from the subscription's. */
function pendingPhase(schedule: Stripe.SubscriptionSchedule, subscription: Stripe.Subscription) {
  if (schedule.status !== 'active' || schedule.current_phase === null) return null;
  const currentEnd = schedule.current_phase.end_date;
  const next = schedule.phases.find((phase) => phase.start_date >= currentEnd);
  const item = next?.items[0];
  const current = subscription.items.data[0];
  if (!next || !item || !current) return null;
  const priceId = idOf(item.price);
  const quantity = item.quantity ?? 1;
  if (priceId === null || (priceId === current.price.id && quantity === (current.quantity ?? 1))) return null;
  return { priceId, quantity, effectiveAt: next.start_date };
}

/** Name and interval of a price: from the synced catalog, else (a change made outside the kit) from Stripe. */
async function describePrice(stripe: Stripe, store: BillingStore, priceId: string) {
  const price = await store.findCatalogPrice(priceId);
  if (price) {
    const product = await store.findCatalogProduct(price.productId);
    return { planName: product?.name ?? price.productId, interval: price.interval };
  }
  const stripePrice = await stripe.prices.retrieve(priceId, { expand: ['product'] });
  const product = stripePrice.product;
  const interval = IntervalSchema.safeParse(stripePrice.recurring?.interval);
  return {
    planName: typeof product === 'object' && 'name' in product ? product.name : String(idOf(product)),
    interval: interval.success ? interval.data : 'month',
  };
}

/**
 * Reads what the mirror shows besides the subscription: the change its schedule makes at the period end, the
 * next invoice (`invoices.createPreview`, with the scheduled items when a change is pending), the latest invoice's
 * status and since when it is past due. `subscription` should have `latest_invoice` and `schedule` expanded;
 * unexpanded, the schedule is fetched and the invoice status left unknown.
 */
export async function readSubscriptionLifecycle(
  stripe: Stripe,
  store: BillingStore,
  subscription: Stripe.Subscription,
): Promise<SubscriptionLifecycle> {
  const invoice = typeof subscription.latest_invoice === 'object' ? subscription.latest_invoice : null;
  const invoiceStatus = InvoiceStatusSchema.safeParse(invoice?.status);
  // Stripe charges a renewal when it finalizes the invoice; the first failure makes the subscription past_due.
  const pastDueSince =
    subscription.status === 'past_due' && invoice
      ? (invoice.status_transitions?.finalized_at ?? invoice.created)
      : null;

  let scheduledChange: ScheduledChange | null = null;
  const scheduleId = idOf(subscription.schedule);
  if (scheduleId !== null) {
    const schedule =
      typeof subscription.schedule === 'object' && subscription.schedule !== null
        ? subscription.schedule
        : await stripe.subscriptionSchedules.retrieve(scheduleId);
    const phase = pendingPhase(schedule, subscription);
    if (phase) scheduledChange = { ...phase, ...(await describePrice(stripe, store, phase.priceId)) };
  }

  let nextInvoice: NextInvoice | null = null;
  const item = subscription.items.data[0];
  if (item && RENEWING_STATUSES.has(subscription.status) && !subscription.cancel_at_period_end) {
    const preview = await stripe.invoices.createPreview({
      customer: idOf(subscription.customer) ?? undefined,
      subscription: subscription.id,
      ...(scheduledChange
        ? {
            subscription_details: {
              items: [{ id: item.id, price: scheduledChange.priceId, quantity: scheduledChange.quantity }],
              proration_behavior: 'none' as const,
            },
          }
        : {}),
    });
    nextInvoice = { amount: preview.amount_due, date: item.current_period_end };
  }

  return {
    scheduledChange,
    nextInvoice,
    latestInvoiceStatus: invoiceStatus.success ? invoiceStatus.data : null,
    pastDueSince,
  };
}
