import type { EmulatorContext } from '../context.js';
import { DEFAULT_DUNNING, DEFAULT_UPCOMING_INVOICE_DAYS, type DunningSettings } from './billing-state.js';
import { runDueBilling } from './lifecycle.js';

/** Options of the billing engine, given to `startStripeEmulator`. */
export interface BillingEngineOptions {
  /** Failed renewals: retry days after the first failure, then cancel (default) or leave `unpaid`. */
  dunning?: Partial<DunningSettings>;
  /** Days before each renewal that `invoice.upcoming` is sent (default 7). */
  upcomingInvoiceDays?: number;
}

/**
 * Configures the engine on a context and makes the global clock run what falls due: when the emulated clock moves
 * forward (`POST /_emulator/clock/advance`), subscriptions without a test clock renew, expire, retry and end as
 * they would have in that time.
 */
export function installBillingEngine(ctx: EmulatorContext, options: BillingEngineOptions = {}): void {
  const retryDays = options.dunning?.retryDays ?? DEFAULT_DUNNING.retryDays;
  if (retryDays.some((days) => !Number.isFinite(days) || days <= 0)) {
    throw new Error('dunning.retryDays must be positive numbers of days, e.g. [1, 3, 7].');
  }
  ctx.state.billing.dunning = {
    retryDays: [...retryDays].sort((a, b) => a - b),
    finalAction: options.dunning?.finalAction ?? DEFAULT_DUNNING.finalAction,
  };
  const upcomingInvoiceDays = options.upcomingInvoiceDays ?? DEFAULT_UPCOMING_INVOICE_DAYS;
  if (!Number.isInteger(upcomingInvoiceDays) || upcomingInvoiceDays < 1) {
    throw new Error(
      `upcomingInvoiceDays must be a whole number of days, 1 or more (got ${upcomingInvoiceDays}); leave it out for Stripe's default of 7.`,
    );
  }
  ctx.state.billing.upcomingInvoiceDays = upcomingInvoiceDays;
  ctx.clock.onAdvance((now) => {
    try {
      runDueBilling(ctx, null, now, (at) => {
        ctx.state.billing.sweepTime = at;
      });
    } finally {
      ctx.state.billing.sweepTime = null;
    }
  });
}
