import type Stripe from 'stripe';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { getPrice, planFromPrice } from '../resources/prices.js';
import { snapshot } from '../server/expand.js';
import { buildSubscriptionItem, currentPeriod } from './subscription-lines.js';

/** The schedule managing a subscription, if it is still active. */
export function activeScheduleOf(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
): Stripe.SubscriptionSchedule | undefined {
  const reference = subscription.schedule;
  if (reference === null) return undefined;
  const schedule = ctx.state.subscriptionSchedules.get(
    typeof reference === 'string' ? reference : reference.id,
  );
  return schedule?.status === 'active' ? schedule : undefined;
}

/** The phase after the current one, if any. */
export function nextPhase(
  schedule: Stripe.SubscriptionSchedule,
): Stripe.SubscriptionSchedule.Phase | undefined {
  const current = schedule.current_phase;
  if (!current) return schedule.phases[0];
  return schedule.phases.find(
    (phase) => phase.start_date >= current.end_date && phase.start_date > current.start_date,
  );
}

/**
 * The subscription's items once `phase` starts at `at`: the phase's prices and quantities, with the existing item
 * ids kept by position (so a one-item downgrade keeps its `si_...`) in the current period.
 */
export function phaseItems(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
  phase: Stripe.SubscriptionSchedule.Phase,
  at: number,
): Stripe.SubscriptionItem[] {
  const period = currentPeriod(subscription);
  const existing = subscription.items.data;
  return phase.items.map((phaseItem, index) => {
    const price = getPrice(ctx, typeof phaseItem.price === 'string' ? phaseItem.price : phaseItem.price.id);
    const quantity = phaseItem.quantity ?? 1;
    const kept = existing[index];
    if (kept) return { ...kept, price, plan: planFromPrice(price), quantity };
    return buildSubscriptionItem(ctx, {
      subscriptionId: subscription.id,
      price,
      quantity,
      metadata: {},
      taxRates: [],
      periodStart: period.start,
      periodEnd: period.end,
      created: at,
    });
  });
}

/**
 * Starts `phase`: the subscription's items become the phase's (`phaseItems`), with
 * `subscription_schedule.updated` and `customer.subscription.updated`.
 */
export function startPhase(
  ctx: EmulatorContext,
  schedule: Stripe.SubscriptionSchedule,
  subscription: Stripe.Subscription,
  phase: Stripe.SubscriptionSchedule.Phase,
  at: number,
): void {
  const scheduleBefore = snapshot(schedule);
  const subscriptionBefore = snapshot(subscription);
  subscription.items.data = phaseItems(ctx, subscription, phase, at);
  schedule.current_phase = { start_date: phase.start_date, end_date: phase.end_date };
  ctx.emitEvent('subscription_schedule.updated', schedule, previousAttributes(scheduleBefore, schedule));
  const changed = previousAttributes(subscriptionBefore, subscription);
  if (Object.keys(changed).length > 0) ctx.emitEvent('customer.subscription.updated', subscription, changed);
}

/** Detaches a schedule from its subscription (`released`), which keeps its current items. */
export function releaseSchedule(
  ctx: EmulatorContext,
  schedule: Stripe.SubscriptionSchedule,
  at: number,
): void {
  const scheduleBefore = snapshot(schedule);
  const subscriptionId =
    typeof schedule.subscription === 'string' ? schedule.subscription : schedule.subscription?.id;
  schedule.status = 'released';
  schedule.released_at = at;
  schedule.released_subscription = subscriptionId ?? null;
  schedule.subscription = null;
  schedule.current_phase = null;
  ctx.emitEvent('subscription_schedule.released', schedule, previousAttributes(scheduleBefore, schedule));
  const subscription = subscriptionId === undefined ? undefined : ctx.state.subscriptions.get(subscriptionId);
  if (subscription) {
    const before = snapshot(subscription);
    subscription.schedule = null;
    ctx.emitEvent('customer.subscription.updated', subscription, previousAttributes(before, subscription));
  }
}
