import type Stripe from 'stripe';
import { runDueBilling } from '../billing/lifecycle.js';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId } from '../ids.js';
import { invalidParam, invalidState, resourceMissing } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import type { RouteDefinition } from '../server/route.js';

/** Stripe deletes a test clock 30 days after its creation. */
const LIFETIME_SECONDS = 30 * 86_400;

/** The stored test clock, or 404/400 `resource_missing`. */
export function getTestClock(ctx: EmulatorContext, id: string, param?: string): Stripe.TestHelpers.TestClock {
  const clock = ctx.state.testClocks.get(id);
  if (!clock) throw resourceMissing('test_clock', id, param);
  return clock;
}

/**
 * Advances a test clock to `frozenTime`: `test_helpers.test_clock.advancing`, then everything that falls due for
 * its customers in time order (the clock stepping through each due time), then `ready`. The work is done before
 * the call returns; the response still says `advancing`, as Stripe's does, and the next retrieve says `ready`.
 */
export function advanceTestClock(
  ctx: EmulatorContext,
  clock: Stripe.TestHelpers.TestClock,
  frozenTime: number,
): Stripe.TestHelpers.TestClock {
  const start = snapshot(clock);
  clock.status = 'advancing';
  clock.status_details = { advancing: { target_frozen_time: frozenTime } };
  ctx.emitEvent('test_helpers.test_clock.advancing', clock, previousAttributes(start, clock));
  const response = snapshot(clock);
  runDueBilling(ctx, clock.id, frozenTime, (at) => {
    clock.frozen_time = Math.max(clock.frozen_time, at);
  });
  const before = snapshot(clock);
  clock.frozen_time = frozenTime;
  clock.status = 'ready';
  clock.status_details = {};
  ctx.emitEvent('test_helpers.test_clock.ready', clock, previousAttributes(before, clock));
  return { ...response, frozen_time: start.frozen_time };
}

/** `/v1/test_helpers/test_clocks`: create, retrieve, list, delete, advance. */
export const testClockRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/test_helpers/test_clocks',
    handle: ({ ctx, params }) => {
      const frozenTime = params.integer('frozen_time', { required: true }) as number;
      const name = params.string('name');
      params.finish();
      const created = ctx.clock.now();
      const clock: Stripe.TestHelpers.TestClock = {
        id: createId('clock'),
        object: 'test_helpers.test_clock',
        created,
        deletes_after: created + LIFETIME_SECONDS,
        frozen_time: frozenTime,
        livemode: false,
        name: name ?? null,
        status: 'ready',
        status_details: {},
      };
      ctx.state.testClocks.set(clock.id, clock);
      ctx.emitEvent('test_helpers.test_clock.created', clock);
      return clock;
    },
  },
  {
    method: 'GET',
    path: '/v1/test_helpers/test_clocks/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getTestClock(ctx, path.id as string);
    },
  },
  {
    method: 'GET',
    path: '/v1/test_helpers/test_clocks',
    handle: ({ ctx, params }) => {
      const list = paginate(newestFirst(ctx.state.testClocks), params, '/v1/test_helpers/test_clocks');
      params.finish();
      return list;
    },
  },
  {
    method: 'DELETE',
    path: '/v1/test_helpers/test_clocks/:id',
    handle: ({ ctx, params, path }) => {
      const clock = getTestClock(ctx, path.id as string);
      params.finish();
      // Deleting a clock deletes the customers on it and their subscriptions, as in Stripe.
      for (const customer of [...ctx.state.customers.values()]) {
        if (customer.test_clock !== clock.id) continue;
        for (const subscription of [...ctx.state.subscriptions.values()]) {
          if (subscription.customer === customer.id) ctx.state.subscriptions.delete(subscription.id);
        }
        ctx.state.customers.delete(customer.id);
      }
      ctx.state.testClocks.delete(clock.id);
      ctx.emitEvent('test_helpers.test_clock.deleted', clock);
      const deleted: Stripe.TestHelpers.DeletedTestClock = {
        id: clock.id,
        object: 'test_helpers.test_clock',
        deleted: true,
      };
      return deleted;
    },
  },
  {
    method: 'POST',
    path: '/v1/test_helpers/test_clocks/:id/advance',
    handle: ({ ctx, params, path }) => {
      const clock = getTestClock(ctx, path.id as string);
      const frozenTime = params.integer('frozen_time', { required: true }) as number;
      params.finish();
      if (clock.status === 'advancing') throw invalidState('This test clock is already advancing.');
      if (frozenTime <= clock.frozen_time) {
        throw invalidParam(
          'frozen_time',
          'A test clock can only move forward: pass a frozen_time after the current one.',
        );
      }
      return advanceTestClock(ctx, clock, frozenTime);
    },
  },
];
