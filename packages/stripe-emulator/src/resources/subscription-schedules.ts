import type Stripe from 'stripe';
import { cancelSubscriptionNow } from '../billing/lifecycle.js';
import { addBillingPeriods } from '../billing/periods.js';
import { activeScheduleOf, releaseSchedule, startPhase } from '../billing/schedule-phases.js';
import { currentPeriod } from '../billing/subscription-lines.js';
import { nowFor } from '../billing/time.js';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId } from '../ids.js';
import { invalidParam, invalidState, resourceMissing } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata, type ParamReader } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';
import { getPrice } from './prices.js';
import { getSubscription } from './subscriptions.js';

/** The stored schedule, or 404/400 `resource_missing`. */
export function getSubscriptionSchedule(
  ctx: EmulatorContext,
  id: string,
  param?: string,
): Stripe.SubscriptionSchedule {
  const schedule = ctx.state.subscriptionSchedules.get(id);
  if (!schedule) throw resourceMissing('subscription_schedule', id, param);
  return schedule;
}

function buildPhase(
  currency: string,
  items: Array<{ price: string; quantity: number }>,
  start: number,
  end: number,
  prorationBehavior: Stripe.SubscriptionSchedule.Phase.ProrationBehavior,
  metadata: Record<string, string>,
): Stripe.SubscriptionSchedule.Phase {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: null,
    currency,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    end_date: end,
    invoice_settings: null,
    items: items.map((item) => ({
      billing_thresholds: null,
      discounts: [],
      metadata: {},
      plan: item.price,
      price: item.price,
      quantity: item.quantity,
      tax_rates: [],
    })),
    metadata,
    on_behalf_of: null,
    proration_behavior: prorationBehavior,
    start_date: start,
    transfer_data: null,
    trial_end: null,
  };
}

function readTimestamp(reader: ParamReader, key: string, now: number): number | undefined {
  const raw = reader.string(key);
  if (raw === undefined) return undefined;
  if (raw === 'now') return now;
  if (!/^\d+$/.test(raw))
    throw invalidParam(reader.name(key), `${reader.name(key)} must be a unix timestamp or now.`);
  return Number(raw);
}

/**
 * Reads `phases[]` of an update: each phase starts where the previous one ends (the first at its `start_date`, by
 * default the current phase's start) and ends at `end_date`, after `duration`, or after one billing period.
 */
function readPhases(
  ctx: EmulatorContext,
  params: ParamReader,
  schedule: Stripe.SubscriptionSchedule,
  now: number,
): Stripe.SubscriptionSchedule.Phase[] {
  const entries = params.objectArray('phases', { required: true }) ?? [];
  let previousEnd: number | null = null;
  return entries.map((entry, index) => {
    const items = (entry.objectArray('items', { required: true }) ?? []).map((item) => {
      const priceId = item.string('price', { required: true }) as string;
      const price = getPrice(ctx, priceId, item.name('price'));
      if (!price.recurring) throw invalidParam(item.name('price'), 'Phase items need recurring prices.');
      item.metadata();
      return { price, quantity: item.integer('quantity', { min: 0 }) ?? 1 };
    });
    if (items.length === 0) throw invalidParam(entry.name('items'), 'Each phase needs at least one item.');
    const startParam = readTimestamp(entry, 'start_date', now);
    const endParam = readTimestamp(entry, 'end_date', now);
    const duration = entry.object('duration');
    const durationInterval = duration?.enumValue('interval', ['day', 'week', 'month', 'year'] as const, {
      required: true,
    });
    const durationCount = duration?.integer('interval_count', { min: 1 }) ?? 1;
    const prorationBehavior =
      entry.enumValue('proration_behavior', ['create_prorations', 'always_invoice', 'none'] as const) ??
      'create_prorations';
    const metadata = mergeMetadata({}, entry.metadata());
    const start =
      index === 0 ? (startParam ?? schedule.phases[0]?.start_date ?? now) : (previousEnd as number);
    if (index > 0 && startParam !== undefined && startParam !== previousEnd) {
      throw invalidParam(entry.name('start_date'), 'A phase must start when the previous one ends.');
    }
    const recurring = items[0]?.price.recurring as Stripe.Price.Recurring;
    // Without end_date or duration a phase lasts one billing period of its first price.
    const end =
      endParam ??
      (durationInterval === undefined
        ? addBillingPeriods(start, recurring.interval, recurring.interval_count)
        : addBillingPeriods(start, durationInterval, durationCount));
    if (end <= start) throw invalidParam(entry.name('end_date'), 'A phase must end after it starts.');
    previousEnd = end;
    return buildPhase(
      items[0]?.price.currency ?? 'usd',
      items.map((item) => ({ price: item.price.id, quantity: item.quantity })),
      start,
      end,
      prorationBehavior,
      metadata,
    );
  });
}

/** `/v1/subscription_schedules`: create `from_subscription`, retrieve, update phases, release, cancel, list. */
export const subscriptionScheduleRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/subscription_schedules',
    handle: ({ ctx, params }) => {
      const fromSubscription = params.string('from_subscription');
      const metadata = mergeMetadata({}, params.metadata());
      params.finish();
      if (fromSubscription === undefined) {
        throw invalidParam(
          'from_subscription',
          'The emulator creates schedules from an existing subscription only: pass from_subscription.',
        );
      }
      const subscription = getSubscription(ctx, fromSubscription, 'from_subscription');
      if (activeScheduleOf(ctx, subscription)) {
        throw invalidState(
          'This subscription is already managed by a subscription schedule.',
          'from_subscription',
        );
      }
      if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
        throw invalidState(
          `A ${subscription.status} subscription cannot get a schedule.`,
          'from_subscription',
        );
      }
      const customerId = subscription.customer as string;
      const now = nowFor(ctx, customerId);
      const period = currentPeriod(subscription);
      const phase = buildPhase(
        subscription.currency,
        subscription.items.data.map((item) => ({ price: item.price.id, quantity: item.quantity ?? 1 })),
        period.start,
        period.end,
        'create_prorations',
        {},
      );
      const schedule: Stripe.SubscriptionSchedule = {
        id: createId('sub_sched'),
        object: 'subscription_schedule',
        application: null,
        billing_mode: { type: 'flexible', flexible: { proration_discounts: 'included' }, updated_at: now },
        canceled_at: null,
        completed_at: null,
        created: now,
        current_phase: { start_date: period.start, end_date: period.end },
        customer: customerId,
        customer_account: null,
        default_settings: {
          application_fee_percent: null,
          billing_cycle_anchor: 'automatic',
          billing_thresholds: null,
          collection_method: 'charge_automatically',
          default_payment_method: null,
          description: null,
          invoice_settings: {
            account_tax_ids: null,
            custom_fields: null,
            days_until_due: null,
            description: null,
            footer: null,
            issuer: { type: 'self' },
          },
          on_behalf_of: null,
          transfer_data: null,
        },
        end_behavior: 'release',
        livemode: false,
        metadata,
        pause_schedules: [],
        phases: [phase],
        released_at: null,
        released_subscription: null,
        status: 'active',
        subscription: subscription.id,
        test_clock: subscription.test_clock,
      };
      ctx.state.subscriptionSchedules.set(schedule.id, schedule);
      const before = snapshot(subscription);
      subscription.schedule = schedule.id;
      ctx.emitEvent('subscription_schedule.created', schedule);
      ctx.emitEvent('customer.subscription.updated', subscription, previousAttributes(before, subscription));
      return schedule;
    },
  },
  {
    method: 'GET',
    path: '/v1/subscription_schedules/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getSubscriptionSchedule(ctx, path.id as string);
    },
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id',
    handle: ({ ctx, params, path }) => {
      const schedule = getSubscriptionSchedule(ctx, path.id as string);
      if (schedule.status !== 'active' && schedule.status !== 'not_started') {
        throw invalidState(`You cannot update a subscription schedule that is ${schedule.status}.`);
      }
      const now = nowFor(ctx, schedule.customer as string);
      const phases = params.has('phases') ? readPhases(ctx, params, schedule, now) : undefined;
      const endBehavior = params.enumValue('end_behavior', ['release', 'cancel'] as const);
      params.enumValue('proration_behavior', ['create_prorations', 'always_invoice', 'none'] as const);
      const metadata = params.metadata();
      params.finish();
      const before = snapshot(schedule);
      if (phases !== undefined) {
        const current = schedule.current_phase;
        if (current && phases[0]?.start_date !== current.start_date) {
          throw invalidParam(
            'phases[0][start_date]',
            'The first phase must keep the start_date of the current phase: past phases cannot change.',
          );
        }
        schedule.phases = phases;
        if (current)
          schedule.current_phase = {
            start_date: current.start_date,
            end_date: phases[0]?.end_date ?? current.end_date,
          };
      }
      if (endBehavior !== undefined) schedule.end_behavior = endBehavior;
      schedule.metadata = mergeMetadata(schedule.metadata ?? {}, metadata);
      ctx.emitEvent('subscription_schedule.updated', schedule, previousAttributes(before, schedule));
      const subscriptionId = typeof schedule.subscription === 'string' ? schedule.subscription : null;
      const subscription = subscriptionId === null ? undefined : ctx.state.subscriptions.get(subscriptionId);
      const first = schedule.phases[0];
      if (subscription && first && phases !== undefined) {
        const differs =
          first.items.length !== subscription.items.data.length ||
          first.items.some((item, index) => {
            const existing = subscription.items.data[index];
            return existing?.price.id !== item.price || (existing.quantity ?? 1) !== (item.quantity ?? 1);
          });
        // The current phase's items apply at once (without prorations in the emulator).
        if (differs) startPhase(ctx, schedule, subscription, first, now);
      }
      return schedule;
    },
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id/release',
    handle: ({ ctx, params, path }) => {
      const schedule = getSubscriptionSchedule(ctx, path.id as string);
      params.boolean('preserve_cancel_date');
      params.finish();
      if (schedule.status !== 'active' && schedule.status !== 'not_started') {
        throw invalidState(`You cannot release a subscription schedule that is ${schedule.status}.`);
      }
      releaseSchedule(ctx, schedule, nowFor(ctx, schedule.customer as string));
      return schedule;
    },
  },
  {
    method: 'POST',
    path: '/v1/subscription_schedules/:id/cancel',
    handle: ({ ctx, params, path }) => {
      const schedule = getSubscriptionSchedule(ctx, path.id as string);
      params.boolean('invoice_now');
      params.boolean('prorate');
      params.finish();
      if (schedule.status !== 'active' && schedule.status !== 'not_started') {
        throw invalidState(`You cannot cancel a subscription schedule that is ${schedule.status}.`);
      }
      const now = nowFor(ctx, schedule.customer as string);
      const subscriptionId = typeof schedule.subscription === 'string' ? schedule.subscription : null;
      const subscription = subscriptionId === null ? undefined : ctx.state.subscriptions.get(subscriptionId);
      if (subscription && subscription.status !== 'canceled') {
        // Canceling the schedule cancels its subscription too (and emits subscription_schedule.canceled).
        cancelSubscriptionNow(ctx, subscription, now, { reason: 'cancellation_requested' });
      } else {
        const before = snapshot(schedule);
        schedule.status = 'canceled';
        schedule.canceled_at = now;
        schedule.current_phase = null;
        ctx.emitEvent('subscription_schedule.canceled', schedule, previousAttributes(before, schedule));
      }
      return schedule;
    },
  },
  {
    method: 'GET',
    path: '/v1/subscription_schedules',
    handle: ({ ctx, params }) => {
      const customer = params.string('customer');
      const schedules = newestFirst(ctx.state.subscriptionSchedules).filter(
        (schedule) => customer === undefined || schedule.customer === customer,
      );
      const list = paginate(schedules, params, '/v1/subscription_schedules');
      params.finish();
      return list;
    },
  },
];
