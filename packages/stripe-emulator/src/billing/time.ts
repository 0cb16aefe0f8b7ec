import type { EmulatorContext } from '../context.js';

/** The test clock a customer is attached to, or null. */
export function testClockOf(ctx: EmulatorContext, customerId: string | null | undefined): string | null {
  if (!customerId) return null;
  const clock = ctx.state.customers.get(customerId)?.test_clock;
  if (!clock) return null;
  return typeof clock === 'string' ? clock : clock.id;
}

/** Current time for a test clock (its frozen time) or, for `null`, the global emulated clock. */
export function nowForClock(ctx: EmulatorContext, testClockId: string | null): number {
  if (testClockId !== null) {
    const clock = ctx.state.testClocks.get(testClockId);
    if (clock) return clock.frozen_time;
  }
  return ctx.state.billing.sweepTime ?? ctx.clock.now();
}

/**
 * Current time for a customer's objects: its test clock's frozen time when it has one, else the global emulated
 * clock. Every `created`, period and retry time of subscriptions and invoices comes from here.
 */
export function nowFor(ctx: EmulatorContext, customerId: string | null | undefined): number {
  return nowForClock(ctx, testClockOf(ctx, customerId));
}
