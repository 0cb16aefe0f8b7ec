import type { SubscriptionSummary } from '@billing-kit/core';
import type Stripe from 'stripe';
import { type DemoUser, demoOrgNames } from './accounts.js';
import type { DemoWorld } from './demo-world.js';
import { runAtTime } from './request-time.js';

/** A subscription as Stripe itself holds it, next to the mirror's copy in the developer panel. */
export interface StripeSubscriptionView {
  id: string;
  status: Stripe.Subscription.Status;
  priceId: string | null;
  quantity: number;
  /** Unix seconds (the first item's period, where Stripe keeps it since 2025). */
  currentPeriodEnd: number | null;
  cancelAtPeriodEnd: boolean;
  scheduleId: string | null;
}

/** One webhook ledger entry, dates as ISO 8601 strings. */
export interface LedgerEntryView {
  id: string;
  type: string;
  receivedAt: string;
  appliedAt: string | null;
  attempts: number;
  lastError: string | null;
}

/** What `GET /demo/dev/state` answers: the signed-in organisation's billing as the server and Stripe see it. */
export interface DevPanelState {
  org: { id: string; name: string };
  customerId: string;
  /** The organisation's test clock; null in Stripe test mode. */
  clock: { frozenTime: number } | null;
  /** `billing.store` as the server holds it (what every page reads). */
  mirror: SubscriptionSummary[];
  /** Read from Stripe through the SDK. */
  stripe: StripeSubscriptionView[];
  /** The webhook ledger, newest first, at most {@link LEDGER_LIMIT}. */
  ledger: LedgerEntryView[];
  entitlements: { features: string[]; status: string | null };
}

/** How many ledger entries the panel shows. */
export const LEDGER_LIMIT = 50;

/** Reads the organisation's state from the mirror, from Stripe and from the ledger. */
export async function readDevPanelState(world: DemoWorld, user: DemoUser): Promise<DevPanelState> {
  const { customerId } = world.customers.accountFor(user.orgId);
  const [frozenTime, mirror, subscriptions, events, stripeEvents] = await Promise.all([
    // Read again (and remembered for the billing server's "now"), in case the clock moved outside the panel.
    world.customers.refreshClock(user.orgId),
    world.store.getSubscriptions(customerId),
    world.stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 }),
    world.store.listWebhookEvents(),
    // The ledger is the server's, for every organisation; Stripe's events say whose each one is.
    world.stripe.events.list({ limit: 100 }),
  ]);
  const ownEventIds = new Set(
    stripeEvents.data.filter((event) => eventCustomer(event) === customerId).map((event) => event.id),
  );
  const at = frozenTime === null ? null : new Date(frozenTime * 1000);
  const entitlements = await runAtTime(at, () => world.billing.getEntitlements(customerId));
  return {
    org: { id: user.orgId, name: demoOrgNames[user.orgId] ?? user.orgId },
    customerId,
    clock: frozenTime === null ? null : { frozenTime },
    mirror,
    stripe: subscriptions.data.map(toStripeSubscriptionView),
    ledger: events
      .filter((event) => ownEventIds.has(event.id))
      .slice(-LEDGER_LIMIT)
      .reverse()
      .map((event) => ({
        id: event.id,
        type: event.type,
        receivedAt: event.receivedAt.toISOString(),
        appliedAt: event.appliedAt?.toISOString() ?? null,
        attempts: event.attempts,
        lastError: event.lastError,
      })),
    entitlements: { features: entitlements.features, status: entitlements.status },
  };
}

/** The customer an event is about: its object's `customer`, or the object itself when it is the customer. */
function eventCustomer(event: Stripe.Event): string | null {
  const object = event.data.object as { id?: string; object?: string; customer?: unknown };
  if (object.object === 'customer') return object.id ?? null;
  const customer = object.customer;
  if (typeof customer === 'string') return customer;
  if (customer && typeof customer === 'object' && 'id' in customer) return String(customer.id);
  return null;
}

function toStripeSubscriptionView(subscription: Stripe.Subscription): StripeSubscriptionView {
  const item = subscription.items.data[0];
  const schedule = subscription.schedule;
  return {
    id: subscription.id,
    status: subscription.status,
    priceId: item?.price.id ?? null,
    quantity: item?.quantity ?? 1,
    currentPeriodEnd: item?.current_period_end ?? null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    scheduleId: typeof schedule === 'string' ? schedule : (schedule?.id ?? null),
  };
}
