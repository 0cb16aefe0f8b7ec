import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { previewRenewal } from './preview.js';
import { activeScheduleOf, nextPhase, phaseItems } from './schedule-phases.js';
import { currentPeriod } from './subscription-lines.js';

/** The invoice `invoice.upcoming` carries: a preview of the next renewal, without an id (Stripe's has none). */
export type UpcomingInvoice = Omit<Stripe.Invoice, 'id'>;

/**
 * The invoice the subscription's next renewal will create, as it stands now: pending prorations, then the next
 * period of its items, or of the schedule phase that starts at the renewal (a downgrade at period end shows the
 * cheaper price), with the discounts still active then.
 */
export function upcomingRenewalInvoice(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
): UpcomingInvoice {
  const customer = ctx.state.customers.get(subscription.customer as string) as Stripe.Customer;
  const renewal = currentPeriod(subscription).end;
  const schedule = activeScheduleOf(ctx, subscription);
  const phase = schedule === undefined ? undefined : nextPhase(schedule);
  const items =
    phase !== undefined && phase.start_date <= renewal
      ? phaseItems(ctx, subscription, phase, renewal)
      : subscription.items.data;
  const { id: _previewId, ...invoice } = previewRenewal(ctx, {
    customer,
    subscription,
    items,
    discounts: subscription.discounts,
    cancels: false,
  });
  return {
    ...invoice,
    lines: {
      ...invoice.lines,
      url: '/v1/invoices/upcoming/lines',
      data: invoice.lines.data.map((line) => ({ ...line, invoice: null })),
    },
  };
}
