import type { SubscriptionSummary } from '@billing-kit/core';
import type Stripe from 'stripe';
import { expect } from 'vitest';
import type { Demo } from '../src/server/start-demo.js';
import type { DevState, StripeSubscriptionView } from './dev-state.js';

/** The facts the mirror must agree with Stripe on, including the change a schedule makes at the period end. */
export interface ComparableSubscription {
  id: string;
  status: string;
  priceId: string;
  quantity: number;
  currentPeriodEnd: number;
  cancelAtPeriodEnd: boolean;
  scheduledChange: { priceId: string; quantity: number; effectiveAt: number } | null;
}

function idOf(reference: string | { id: string } | null): string | null {
  return reference === null ? null : typeof reference === 'string' ? reference : reference.id;
}

/**
 * Reads the customer's subscriptions straight from Stripe (the emulator) through the SDK, independently of the demo
 * server: the current item, its period, and the next schedule phase when it changes the price or the quantity.
 */
export async function readStripeSubscriptions(
  stripe: Stripe,
  customerId: string,
): Promise<Array<StripeSubscriptionView & Pick<ComparableSubscription, 'scheduledChange'>>> {
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
      // The change a schedule makes is its first phase starting at or after the current period's end.
      const next =
        schedule?.status === 'active'
          ? schedule.phases.find((phase) => phase.start_date >= item.current_period_end)
          : undefined;
      const nextItem = next?.items[0];
      const nextPrice = nextItem ? idOf(nextItem.price) : null;
      const changes =
        next &&
        nextItem &&
        nextPrice &&
        (nextPrice !== item.price.id || (nextItem.quantity ?? 1) !== quantity);
      return {
        id: subscription.id,
        status: subscription.status,
        priceId: item.price.id,
        quantity,
        currentPeriodEnd: item.current_period_end,
        cancelAtPeriodEnd: subscription.cancel_at_period_end,
        scheduleId: idOf(subscription.schedule),
        scheduledChange:
          changes && next && nextPrice
            ? { priceId: nextPrice, quantity: nextItem?.quantity ?? 1, effectiveAt: next.start_date }
            : null,
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

function fromMirror(summary: SubscriptionSummary): ComparableSubscription {
  const change = summary.scheduledChange;
  return {
    id: summary.id,
    status: summary.status,
    priceId: summary.priceId,
    quantity: summary.quantity,
    currentPeriodEnd: summary.currentPeriodEnd,
    cancelAtPeriodEnd: summary.cancelAtPeriodEnd,
    scheduledChange: change
      ? { priceId: change.priceId, quantity: change.quantity, effectiveAt: change.effectiveAt }
      : null,
  };
}

/**
 * Once every webhook queued so far is delivered and applied, the server's mirror must hold exactly what Stripe
 * holds (status, price, quantity, period end, cancel at period end, scheduled change), and the dev API must report
 * both truthfully. Returns the settled dev state and Stripe's view for further checks.
 */
export async function expectMirrorMatchesStripe(
  demo: Demo,
  readDevState: () => Promise<DevState>,
): Promise<{ state: DevState; stripe: ComparableSubscription[] }> {
  await demo.emulator?.flushWebhooks();
  await demo.billing.drain();
  const state = await readDevState();
  const live = await readStripeSubscriptions(demo.stripe, state.customerId);
  const mirror = await demo.store.getSubscriptions(state.customerId);

  const mirrored = mirror.map(fromMirror).sort((a, b) => a.id.localeCompare(b.id));
  const stripe = live.map(({ scheduleId: _scheduleId, ...rest }) => rest);
  expect(mirrored, "the server's mirror must equal Stripe's state").toEqual(stripe);

  // The developer panel shows these two lists: they must be the real ones.
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  expect([...state.mirror].sort(byId), 'dev state: the mirror as the server holds it').toEqual(
    JSON.parse(JSON.stringify([...mirror].sort(byId))),
  );
  const reported = [...state.stripe].sort(byId);
  expect(reported, "dev state: Stripe's subscriptions as read through the SDK").toEqual(
    live.map(({ scheduledChange: _scheduledChange, ...rest }) => rest),
  );
  return { state, stripe };
}
