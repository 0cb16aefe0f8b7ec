import type Stripe from 'stripe';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { defaultPaymentMethodFor } from '../resources/invoices.js';
import { snapshot } from '../server/expand.js';
import { attemptInvoicePayment, type InvoicePaymentResult } from './invoice-payment.js';

const DAY = 86_400;

function subscriptionOfInvoice(
  ctx: EmulatorContext,
  invoice: Stripe.Invoice,
): Stripe.Subscription | undefined {
  const reference = invoice.parent?.subscription_details?.subscription;
  if (reference === undefined || reference === null) return undefined;
  return ctx.state.subscriptions.get(typeof reference === 'string' ? reference : reference.id);
}

/**
 * Charges a renewal (or update) invoice off session with the default payment method. A failure starts dunning:
 * the invoice's `next_payment_attempt` is the first failure plus `retryDays[0]` days.
 */
export function chargeInvoiceOffSession(
  ctx: EmulatorContext,
  invoice: Stripe.Invoice,
  at: number,
): InvoicePaymentResult {
  const result = attemptInvoicePayment(ctx, invoice, {
    paymentMethodId: defaultPaymentMethodFor(ctx, invoice),
    offSession: true,
  });
  if (result.outcome === 'paid') completeInvoicePayment(ctx, invoice);
  else scheduleRetry(ctx, invoice, at);
  return result;
}

/** After a failed attempt: the next retry per the dunning settings, or null when the retries are used up. */
export function scheduleRetry(ctx: EmulatorContext, invoice: Stripe.Invoice, at: number): number | null {
  const { dunning } = ctx.state.billing;
  const record = ctx.state.billing.dunningRecords.get(invoice.id) ?? { firstFailedAt: at, retriesDone: 0 };
  ctx.state.billing.dunningRecords.set(invoice.id, record);
  const days = dunning.retryDays[record.retriesDone];
  const next = days === undefined ? null : record.firstFailedAt + days * DAY;
  if (invoice.next_payment_attempt !== next) {
    const before = snapshot(invoice);
    invoice.next_payment_attempt = next;
    ctx.emitEvent('invoice.updated', invoice, previousAttributes(before, invoice));
  }
  return next;
}

/**
 * Bookkeeping once an invoice is paid (by `invoices.pay`, a retry, or its PaymentIntent): dunning stops, and a
 * subscription `pending_update` waiting on this invoice is applied (`customer.subscription.pending_update_applied`).
 */
export function completeInvoicePayment(ctx: EmulatorContext, invoice: Stripe.Invoice): void {
  ctx.state.billing.dunningRecords.delete(invoice.id);
  const subscription = subscriptionOfInvoice(ctx, invoice);
  if (subscription) applyPendingUpdateIfPaid(ctx, subscription);
}

/** Applies a subscription's `pending_update` when the invoice it waits on is paid. */
export function applyPendingUpdateIfPaid(ctx: EmulatorContext, subscription: Stripe.Subscription): void {
  if (!subscription.pending_update) return;
  const invoiceId = ctx.state.billing.pendingUpdateInvoices.get(subscription.id);
  const invoice = invoiceId === undefined ? undefined : ctx.state.invoices.get(invoiceId);
  if (invoice?.status !== 'paid') return;
  const items = ctx.state.billing.pendingUpdateItems.get(subscription.id);
  const before = snapshot(subscription);
  if (items) subscription.items.data = items;
  subscription.pending_update = null;
  ctx.state.billing.pendingUpdateInvoices.delete(subscription.id);
  ctx.state.billing.pendingUpdateItems.delete(subscription.id);
  ctx.emitEvent(
    'customer.subscription.pending_update_applied',
    subscription,
    previousAttributes(before, subscription),
  );
  ctx.emitEvent('customer.subscription.updated', subscription, previousAttributes(before, subscription));
}

/** Subscriptions whose pending update waits on an invoice that got paid elsewhere (e.g. by Stripe.js). */
export function reconcilePendingUpdates(ctx: EmulatorContext): void {
  for (const subscriptionId of ctx.state.billing.pendingUpdateInvoices.keys()) {
    const subscription = ctx.state.subscriptions.get(subscriptionId);
    if (subscription) applyPendingUpdateIfPaid(ctx, subscription);
  }
}
