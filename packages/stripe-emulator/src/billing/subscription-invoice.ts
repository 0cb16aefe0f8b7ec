import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { buildInvoice, finalizeInvoice } from '../resources/invoices.js';
import type { LineDraft } from './invoice-math.js';
import { attemptInvoicePayment, ensureInvoicePaymentIntent } from './invoice-payment.js';
import { activeDiscounts } from './subscription-lines.js';

/**
 * Bills `lines` for a subscription at `at`: creates the invoice (`invoice.created`) with the subscription's
 * discounts that are active then and its lines' taxes, finalizes it (`invoice.finalized`) and, when something is
 * due, opens the PaymentIntent that collects it (the invoice's `confirmation_secret`). A $0 invoice is paid at once.
 * A `once` coupon is used up by the first invoice with a positive subtotal.
 */
export function invoiceSubscription(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
  customer: Stripe.Customer,
  billingReason: Stripe.Invoice.BillingReason,
  lines: readonly LineDraft[],
  at: number,
  /** Runs once the invoice id is the subscription's `latest_invoice`, before the invoice's own events. */
  beforeInvoiceEvents: () => void = () => {},
): Stripe.Invoice {
  const discounts = activeDiscounts(ctx, subscription.discounts, at);
  const invoice = buildInvoice(ctx, {
    customer,
    subscription,
    lines,
    discounts,
    billingReason,
    currency: subscription.currency,
    created: at,
  });
  subscription.latest_invoice = invoice.id;
  ctx.state.invoices.set(invoice.id, invoice);
  beforeInvoiceEvents();
  ctx.emitEvent('invoice.created', invoice);
  finalizeInvoice(ctx, invoice, customer);
  ctx.emitEvent('invoice.finalized', invoice);
  if (invoice.subtotal > 0) consumeOnceDiscounts(ctx, subscription, discounts);

  if (invoice.amount_due === 0)
    attemptInvoicePayment(ctx, invoice, { paymentMethodId: null, offSession: true });
  else ensureInvoicePaymentIntent(ctx, invoice);
  return invoice;
}

function consumeOnceDiscounts(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
  discounts: ReadonlyArray<{ discount: Stripe.Discount; coupon: Stripe.Coupon }>,
): void {
  for (const { discount, coupon } of discounts) {
    if (coupon.duration !== 'once') continue;
    ctx.state.billing.consumedDiscounts.add(discount.id);
    subscription.discounts = subscription.discounts.filter(
      (entry) => (typeof entry === 'string' ? entry : entry.id) !== discount.id,
    );
  }
}
