import type Stripe from 'stripe';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { snapshot } from '../server/expand.js';

function subscriptionOf(ctx: EmulatorContext, invoice: Stripe.Invoice): Stripe.Subscription | undefined {
  const reference = invoice.parent?.subscription_details?.subscription;
  if (reference === undefined) return undefined;
  return ctx.state.subscriptions.get(typeof reference === 'string' ? reference : reference.id);
}

/**
 * An invoice's payment succeeded: the invoice becomes `paid`; its subscription becomes `active` and, when it
 * was created with `save_default_payment_method: 'on_subscription'`, keeps the card as its default.
 */
export function settleInvoicePaid(
  ctx: EmulatorContext,
  invoice: Stripe.Invoice,
  paymentMethodId: string | null,
) {
  const before = snapshot(invoice);
  const now = ctx.clock.now();
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempted = true;
  invoice.attempt_count += invoice.amount_due > 0 ? 1 : 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  ctx.emitEvent('invoice.updated', invoice, previousAttributes(before, invoice));
  ctx.emitEvent('invoice.paid', invoice);
  ctx.emitEvent('invoice.payment_succeeded', invoice);

  const subscription = subscriptionOf(ctx, invoice);
  if (!subscription) return;
  const subscriptionBefore = snapshot(subscription);
  if (['incomplete', 'past_due', 'unpaid'].includes(subscription.status)) subscription.status = 'active';
  if (
    paymentMethodId !== null &&
    subscription.payment_settings?.save_default_payment_method === 'on_subscription'
  ) {
    subscription.default_payment_method = paymentMethodId;
  }
  const changed = previousAttributes(subscriptionBefore, subscription);
  if (Object.keys(changed).length > 0) ctx.emitEvent('customer.subscription.updated', subscription, changed);
}

/** An invoice's payment failed: it stays `open`, counts the attempt and emits `invoice.payment_failed`. */
export function recordInvoicePaymentFailed(ctx: EmulatorContext, invoice: Stripe.Invoice): void {
  const before = snapshot(invoice);
  invoice.attempted = true;
  invoice.attempt_count += 1;
  ctx.emitEvent('invoice.updated', invoice, previousAttributes(before, invoice));
  ctx.emitEvent('invoice.payment_failed', invoice);
}
