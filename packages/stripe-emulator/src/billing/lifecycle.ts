import type Stripe from 'stripe';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { cancelPaymentIntent } from '../resources/payment-intents.js';
import { snapshot } from '../server/expand.js';
import { chargeInvoiceOffSession, completeInvoicePayment, scheduleRetry } from './collect.js';
import { attemptInvoicePayment } from './invoice-payment.js';
import { activeScheduleOf, nextPhase, releaseSchedule, startPhase } from './schedule-phases.js';
import { invoiceSubscription } from './subscription-invoice.js';
import { currentPeriod, nextPeriodEnd, periodLines } from './subscription-lines.js';
import { testClockOf } from './time.js';
import { upcomingRenewalInvoice } from './upcoming-invoice.js';

const DAY = 86_400;
/** Stripe gives an `incomplete` subscription 23 hours to be paid. */
const INCOMPLETE_EXPIRY_SECONDS = 23 * 3_600;
const TRIAL_REMINDER_SECONDS = 3 * DAY;

/** Something that falls due at `at`; at equal times, the lower `order` runs first. */
interface DueAction {
  at: number;
  order: number;
  run: (at: number) => void;
}

function customerOf(ctx: EmulatorContext, subscription: Stripe.Subscription): Stripe.Customer {
  return ctx.state.customers.get(subscription.customer as string) as Stripe.Customer;
}

/**
 * Ends a subscription now: `canceled`, `ended_at`, its schedule canceled, its open invoices no longer retried,
 * and `customer.subscription.deleted`.
 */
export function cancelSubscriptionNow(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
  at: number,
  details: {
    reason: Stripe.Subscription.CancellationDetails.Reason;
    comment?: string | null;
    feedback?: Stripe.Subscription.CancellationDetails.Feedback | null;
  },
): void {
  subscription.status = 'canceled';
  subscription.canceled_at = subscription.cancel_at_period_end ? (subscription.canceled_at ?? at) : at;
  subscription.ended_at = at;
  subscription.cancellation_details = {
    comment: details.comment ?? subscription.cancellation_details?.comment ?? null,
    feedback: details.feedback ?? subscription.cancellation_details?.feedback ?? null,
    feedback_option: null,
    reason: details.reason,
  };
  for (const [invoiceId] of ctx.state.billing.dunningRecords) {
    const invoice = ctx.state.invoices.get(invoiceId);
    if (invoice?.parent?.subscription_details?.subscription !== subscription.id) continue;
    ctx.state.billing.dunningRecords.delete(invoiceId);
    const before = snapshot(invoice);
    invoice.next_payment_attempt = null;
    ctx.emitEvent('invoice.updated', invoice, previousAttributes(before, invoice));
  }
  const schedule = activeScheduleOf(ctx, subscription);
  if (schedule) {
    const before = snapshot(schedule);
    schedule.status = 'canceled';
    schedule.canceled_at = at;
    schedule.current_phase = null;
    ctx.emitEvent('subscription_schedule.canceled', schedule, previousAttributes(before, schedule));
  }
  ctx.emitEvent('customer.subscription.deleted', subscription);
}

function expireIncomplete(ctx: EmulatorContext, subscription: Stripe.Subscription, at: number): void {
  subscription.status = 'incomplete_expired';
  subscription.ended_at = at;
  const invoiceId = typeof subscription.latest_invoice === 'string' ? subscription.latest_invoice : null;
  const invoice = invoiceId === null ? undefined : ctx.state.invoices.get(invoiceId);
  if (invoice && invoice.status === 'open') {
    const before = snapshot(invoice);
    invoice.status = 'void';
    invoice.status_transitions.voided_at = at;
    ctx.emitEvent('invoice.updated', invoice, previousAttributes(before, invoice));
    ctx.emitEvent('invoice.voided', invoice);
    const paymentIntentId = ctx.state.invoicePaymentIntents.get(invoice.id);
    const paymentIntent =
      paymentIntentId === undefined ? undefined : ctx.state.paymentIntents.get(paymentIntentId);
    if (paymentIntent && paymentIntent.status !== 'succeeded' && paymentIntent.status !== 'canceled') {
      cancelPaymentIntent(ctx, paymentIntent, 'automatic');
    }
  }
  ctx.emitEvent('customer.subscription.deleted', subscription);
}

/** Bills the next period: new period on every item, invoice with pending prorations, off-session charge. */
function renew(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
  at: number,
  endingTrial: boolean,
): void {
  const before = snapshot(subscription);
  const end = nextPeriodEnd(subscription.items.data, at);
  for (const item of subscription.items.data) {
    item.current_period_start = at;
    item.current_period_end = end;
  }
  if (endingTrial) subscription.status = 'active';
  const lines = [
    ...(ctx.state.billing.pendingLines.get(subscription.id) ?? []),
    ...periodLines(ctx, subscription, subscription.items.data),
  ];
  ctx.state.billing.pendingLines.delete(subscription.id);
  ctx.emitEvent('customer.subscription.updated', subscription, previousAttributes(before, subscription));
  const invoice = invoiceSubscription(
    ctx,
    subscription,
    customerOf(ctx, subscription),
    'subscription_cycle',
    lines,
    at,
  );
  if (invoice.status === 'paid') return;
  // An unpaid subscription keeps invoicing but no payment is attempted (Stripe's documented behaviour).
  if (subscription.status === 'unpaid') return;
  const result = chargeInvoiceOffSession(ctx, invoice, at);
  if (result.outcome !== 'paid' && subscription.status === 'active') {
    const beforeFailure = snapshot(subscription);
    subscription.status = 'past_due';
    ctx.emitEvent(
      'customer.subscription.updated',
      subscription,
      previousAttributes(beforeFailure, subscription),
    );
  }
}

function retry(
  ctx: EmulatorContext,
  invoice: Stripe.Invoice,
  subscription: Stripe.Subscription,
  at: number,
): void {
  const record = ctx.state.billing.dunningRecords.get(invoice.id);
  if (!record) return;
  record.retriesDone += 1;
  const customer = customerOf(ctx, subscription);
  const own = subscription.default_payment_method;
  const fallback = customer.invoice_settings.default_payment_method;
  const paymentMethodId = typeof own === 'string' ? own : typeof fallback === 'string' ? fallback : null;
  const result = attemptInvoicePayment(ctx, invoice, { paymentMethodId, offSession: true });
  if (result.outcome === 'paid') {
    completeInvoicePayment(ctx, invoice);
    return;
  }
  if (scheduleRetry(ctx, invoice, at) !== null) return;
  ctx.state.billing.dunningRecords.delete(invoice.id);
  if (ctx.state.billing.dunning.finalAction === 'cancel') {
    cancelSubscriptionNow(ctx, subscription, at, { reason: 'payment_failed' });
    return;
  }
  const before = snapshot(subscription);
  subscription.status = 'unpaid';
  ctx.emitEvent('customer.subscription.updated', subscription, previousAttributes(before, subscription));
}

/**
 * Whether the renewal at `periodEnd` still needs its `invoice.upcoming`: not sent yet, the renewal will charge
 * (an `unpaid` subscription's invoices are not collected), and no schedule ends the subscription by then.
 */
function announcesRenewal(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
  schedule: Stripe.SubscriptionSchedule | undefined,
  periodEnd: number,
): boolean {
  if (subscription.status === 'unpaid') return false;
  if (ctx.state.billing.upcomingInvoiceNotices.get(subscription.id) === periodEnd) return false;
  const endsBySchedule =
    schedule !== undefined &&
    schedule.end_behavior === 'cancel' &&
    nextPhase(schedule) === undefined &&
    schedule.current_phase !== null &&
    schedule.current_phase.end_date <= periodEnd;
  return !endsBySchedule;
}

function dueActions(ctx: EmulatorContext, subscription: Stripe.Subscription): DueAction[] {
  const actions: DueAction[] = [];
  const { status } = subscription;
  if (status === 'canceled' || status === 'incomplete_expired') return actions;
  if (status === 'incomplete') {
    actions.push({
      at: subscription.created + INCOMPLETE_EXPIRY_SECONDS,
      order: 0,
      run: (at) => expireIncomplete(ctx, subscription, at),
    });
    return actions;
  }
  const pending = subscription.pending_update;
  if (pending) {
    actions.push({
      at: pending.expires_at,
      order: 2,
      run: () => {
        const before = snapshot(subscription);
        subscription.pending_update = null;
        ctx.state.billing.pendingUpdateInvoices.delete(subscription.id);
        ctx.state.billing.pendingUpdateItems.delete(subscription.id);
        const changed = previousAttributes(before, subscription);
        ctx.emitEvent('customer.subscription.pending_update_expired', subscription, changed);
        ctx.emitEvent('customer.subscription.updated', subscription, changed);
      },
    });
  }
  if (status === 'trialing' && subscription.trial_end !== null) {
    const trialEnd = subscription.trial_end;
    if (ctx.state.billing.trialReminders.get(subscription.id) !== trialEnd) {
      actions.push({
        at: Math.max(subscription.trial_start ?? trialEnd, trialEnd - TRIAL_REMINDER_SECONDS),
        order: 3,
        run: () => {
          ctx.state.billing.trialReminders.set(subscription.id, trialEnd);
          ctx.emitEvent('customer.subscription.trial_will_end', subscription);
        },
      });
    }
  }
  const schedule = activeScheduleOf(ctx, subscription);
  if (schedule) {
    const phase = nextPhase(schedule);
    if (phase) {
      actions.push({
        at: phase.start_date,
        order: 4,
        run: (at) => startPhase(ctx, schedule, subscription, phase, at),
      });
    } else if (schedule.current_phase) {
      actions.push({
        at: schedule.current_phase.end_date,
        order: 4,
        run: (at) => {
          if (schedule.end_behavior === 'cancel') {
            const before = snapshot(schedule);
            schedule.status = 'completed';
            schedule.completed_at = at;
            ctx.emitEvent('subscription_schedule.completed', schedule, previousAttributes(before, schedule));
            cancelSubscriptionNow(ctx, subscription, at, { reason: 'cancellation_requested' });
          } else releaseSchedule(ctx, schedule, at);
        },
      });
    }
  }
  const periodEnd = currentPeriod(subscription).end;
  if (
    subscription.cancel_at_period_end ||
    (subscription.cancel_at !== null && subscription.cancel_at <= periodEnd)
  ) {
    actions.push({
      at: subscription.cancel_at ?? periodEnd,
      order: 5,
      run: (at) => cancelSubscriptionNow(ctx, subscription, at, { reason: 'cancellation_requested' }),
    });
  } else {
    if (announcesRenewal(ctx, subscription, schedule, periodEnd)) {
      actions.push({
        at: Math.max(
          currentPeriod(subscription).start,
          periodEnd - ctx.state.billing.upcomingInvoiceDays * DAY,
        ),
        order: 3,
        run: () => {
          ctx.state.billing.upcomingInvoiceNotices.set(subscription.id, periodEnd);
          ctx.emitEvent('invoice.upcoming', upcomingRenewalInvoice(ctx, subscription));
        },
      });
    }
    actions.push({
      at: periodEnd,
      order: 6,
      run: (at) => renew(ctx, subscription, at, status === 'trialing'),
    });
  }
  for (const [invoiceId] of ctx.state.billing.dunningRecords) {
    const invoice = ctx.state.invoices.get(invoiceId);
    if (invoice?.status !== 'open' || invoice.next_payment_attempt === null) continue;
    if (invoice.parent?.subscription_details?.subscription !== subscription.id) continue;
    actions.push({
      at: invoice.next_payment_attempt,
      order: 1,
      run: (at) => retry(ctx, invoice, subscription, at),
    });
  }
  return actions;
}

/**
 * Runs, in time order, everything that falls due up to `target` for the subscriptions on `testClockId` (or, for
 * `null`, those on the global clock): renewals, trial reminders and ends, schedule phases, cancellations at period
 * end, `incomplete_expired` after 23 h, dunning retries. `setTime` moves that clock to each action's time first,
 * so every object it creates carries the time it would have had.
 */
export function runDueBilling(
  ctx: EmulatorContext,
  testClockId: string | null,
  target: number,
  setTime: (at: number) => void,
): void {
  // A guard against a bug looping forever: far more steps than any test advances through.
  for (let step = 0; step < 100_000; step += 1) {
    let best: DueAction | undefined;
    for (const subscription of ctx.state.subscriptions.values()) {
      if (testClockOf(ctx, subscription.customer as string) !== testClockId) continue;
      for (const action of dueActions(ctx, subscription)) {
        if (action.at > target) continue;
        if (!best || action.at < best.at || (action.at === best.at && action.order < best.order))
          best = action;
      }
    }
    if (!best) return;
    setTime(best.at);
    best.run(best.at);
  }
  throw new Error('The billing engine did not settle: too many due actions. This is an emulator bug.');
}
