import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import {
  buildSubscriptionInvoice,
  finalizeInvoice,
  type SubscriptionLineInput,
} from '../resources/invoices.js';
import { createPaymentIntent } from '../resources/payment-intents.js';
import { settleInvoicePaid } from './invoice-payment.js';

/**
 * Bills a subscription's current period: creates the invoice (`invoice.created`), finalizes it
 * (`invoice.finalized`) and, when something is due, opens the PaymentIntent that collects it and exposes its
 * client secret as the invoice's `confirmation_secret`. A $0 invoice is paid at once.
 */
export function invoiceSubscription(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
  customer: Stripe.Customer,
  billingReason: Stripe.Invoice.BillingReason,
  /** Runs once the invoice id is the subscription's `latest_invoice`, before the invoice's own events. */
  beforeInvoiceEvents: () => void = () => {},
): { invoice: Stripe.Invoice; paymentIntent: Stripe.PaymentIntent | null } {
  const lines: SubscriptionLineInput[] = subscription.items.data.map((item) => ({
    subscriptionItemId: item.id,
    price: item.price,
    quantity: item.quantity ?? 1,
    periodStart: item.current_period_start,
    periodEnd: item.current_period_end,
  }));
  const invoice = buildSubscriptionInvoice(ctx, { customer, subscription, lines, billingReason });
  subscription.latest_invoice = invoice.id;
  ctx.state.invoices.set(invoice.id, invoice);
  beforeInvoiceEvents();
  ctx.emitEvent('invoice.created', invoice);
  finalizeInvoice(ctx, invoice, customer);
  ctx.emitEvent('invoice.finalized', invoice);

  if (invoice.amount_due === 0) {
    settleInvoicePaid(ctx, invoice, null);
    return { invoice, paymentIntent: null };
  }
  const paymentIntent = createPaymentIntent(ctx, {
    amount: invoice.amount_due,
    currency: invoice.currency,
    customer: customer.id,
    description: 'Subscription creation',
    // Stripe saves the card for the renewals that will be charged off-session.
    setupFutureUsage: 'off_session',
  });
  ctx.state.invoicePaymentIntents.set(invoice.id, paymentIntent.id);
  ctx.state.paymentIntentInvoices.set(paymentIntent.id, invoice.id);
  ctx.state.invoiceConfirmationSecrets.set(invoice.id, {
    client_secret: paymentIntent.client_secret as string,
    type: 'payment_intent',
  });
  return { invoice, paymentIntent };
}
