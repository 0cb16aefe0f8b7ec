import type Stripe from 'stripe';

import { type EmulatorContext, previousAttributes } from '../context.js';
import {
  type AttemptOptions,
  attemptPayment,
  createPaymentIntent,
  customerIdOf,
  type PaymentAttempt,
} from '../resources/payment-intents.js';
import { resolvePaymentMethod } from '../resources/payment-methods.js';
import { invalidState } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { completeInvoicePayment } from './collect.js';
import { nowFor } from './time.js';

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
  const now = nowFor(ctx, customerIdOf(invoice.customer));
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
  if (subscription) {
    const subscriptionBefore = snapshot(subscription);
    if (['incomplete', 'past_due', 'unpaid'].includes(subscription.status)) subscription.status = 'active';
    if (
      paymentMethodId !== null &&
      subscription.payment_settings?.save_default_payment_method === 'on_subscription'
    ) {
      subscription.default_payment_method = paymentMethodId;
    }
    const changed = previousAttributes(subscriptionBefore, subscription);
    if (Object.keys(changed).length > 0)
      ctx.emitEvent('customer.subscription.updated', subscription, changed);
  }
  // However the invoice got paid (Stripe.js, the 3D Secure challenge, a retry), dunning stops and a
  // `pending_update` waiting on it applies. Idempotent, so callers that also run it change nothing.
  completeInvoicePayment(ctx, invoice);
}

/** An invoice's payment failed: it stays `open`, counts the attempt and emits `invoice.payment_failed`. */
export function recordInvoicePaymentFailed(ctx: EmulatorContext, invoice: Stripe.Invoice): void {
  const before = snapshot(invoice);
  invoice.attempted = true;
  invoice.attempt_count += 1;
  ctx.emitEvent('invoice.updated', invoice, previousAttributes(before, invoice));
  ctx.emitEvent('invoice.payment_failed', invoice);
}

/**
 * An off-session payment of the invoice needs the customer to authenticate: it stays `open`, counts the attempt
 * and emits `invoice.payment_action_required`. Its PaymentIntent waits in `requires_action`; the customer
 * completes it on session with the invoice's `confirmation_secret` (`handleNextAction` / `confirmPayment`).
 */
export function recordInvoicePaymentActionRequired(ctx: EmulatorContext, invoice: Stripe.Invoice): void {
  const before = snapshot(invoice);
  invoice.attempted = true;
  invoice.attempt_count += 1;
  ctx.emitEvent('invoice.updated', invoice, previousAttributes(before, invoice));
  ctx.emitEvent('invoice.payment_action_required', invoice);
}

/**
 * Settles the invoice a PaymentIntent collects (if any) after one attempt: paid on success, a failed attempt on a
 * decline; `requires_action` only counts (with `invoice.payment_action_required`) when off session, since on
 * session the customer is there to authenticate.
 */
export function applyAttemptToInvoice(
  ctx: EmulatorContext,
  paymentIntent: Stripe.PaymentIntent,
  attempt: PaymentAttempt,
  options: Pick<AttemptOptions, 'offSession'>,
): void {
  const invoiceId = ctx.state.paymentIntentInvoices.get(paymentIntent.id);
  const invoice = invoiceId === undefined ? undefined : ctx.state.invoices.get(invoiceId);
  if (!invoice) return;
  if (attempt.status === 'succeeded') {
    settleInvoicePaid(
      ctx,
      invoice,
      typeof paymentIntent.payment_method === 'string' ? paymentIntent.payment_method : null,
    );
  } else if (attempt.status === 'failed') {
    recordInvoicePaymentFailed(ctx, invoice);
  } else if (options.offSession) {
    recordInvoicePaymentActionRequired(ctx, invoice);
  }
}

/**
 * The PaymentIntent collecting `invoice`, created (and exposed as its `confirmation_secret`) when the invoice has
 * none yet. Its amount follows the invoice's `amount_remaining` until it is paid.
 */
export function ensureInvoicePaymentIntent(
  ctx: EmulatorContext,
  invoice: Stripe.Invoice,
): Stripe.PaymentIntent {
  const existingId = ctx.state.invoicePaymentIntents.get(invoice.id);
  const existing = existingId === undefined ? undefined : ctx.state.paymentIntents.get(existingId);
  if (existing) {
    if (existing.status !== 'succeeded' && existing.status !== 'canceled')
      existing.amount = invoice.amount_remaining;
    return existing;
  }
  const customer = customerIdOf(invoice.customer);
  const paymentIntent = createPaymentIntent(ctx, {
    amount: invoice.amount_remaining,
    currency: invoice.currency,
    customer,
    description:
      invoice.billing_reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
    // Stripe saves the card for the renewals that will be charged off-session.
    setupFutureUsage: 'off_session',
  });
  ctx.state.invoicePaymentIntents.set(invoice.id, paymentIntent.id);
  ctx.state.paymentIntentInvoices.set(paymentIntent.id, invoice.id);
  ctx.state.invoiceConfirmationSecrets.set(invoice.id, {
    client_secret: paymentIntent.client_secret as string,
    type: 'payment_intent',
  });
  return paymentIntent;
}

/** The result of `attemptInvoicePayment`. */
export interface InvoicePaymentResult {
  outcome: 'paid' | 'failed' | 'requires_action';
  error?: { code: string; decline_code?: string; message: string };
}

/**
 * Charges an open invoice's PaymentIntent with `paymentMethodId` using the test card's behaviour, then settles the
 * invoice with its events: `paid` (via `settleInvoicePaid`, which activates the subscription), a failed attempt
 * (`invoice.payment_failed`), or `requires_action` (`invoice.payment_action_required`, the intent waiting for 3D
 * Secure). Off session, 4000 0025 0000 3155 succeeds once set up, 4000 0027 6000 3184 needs action, 0341 fails.
 * It never changes a subscription's status on failure: the caller (dunning) decides past_due/unpaid/canceled.
 * A missing payment method is a failed attempt; an invoice that is not `open` (draft, void) is a 400.
 */
export function attemptInvoicePayment(
  ctx: EmulatorContext,
  invoice: Stripe.Invoice,
  options: { paymentMethodId: string | null; offSession: boolean },
): InvoicePaymentResult {
  if (invoice.status === 'paid') return { outcome: 'paid' };
  if (invoice.status !== 'open') {
    throw invalidState(`This invoice has a status of ${invoice.status}: only an open invoice can be paid.`);
  }
  if (invoice.amount_remaining === 0) {
    settleInvoicePaid(ctx, invoice, options.paymentMethodId);
    return { outcome: 'paid' };
  }
  const paymentIntent = ensureInvoicePaymentIntent(ctx, invoice);
  if (paymentIntent.status === 'succeeded') {
    settleInvoicePaid(
      ctx,
      invoice,
      typeof paymentIntent.payment_method === 'string' ? paymentIntent.payment_method : null,
    );
    return { outcome: 'paid' };
  }
  if (options.paymentMethodId === null) {
    recordInvoicePaymentFailed(ctx, invoice);
    return {
      outcome: 'failed',
      error: {
        code: 'resource_missing',
        message:
          'This customer has no attached payment source or default payment method. Attach one and set it as ' +
          "the subscription's or the customer's default_payment_method.",
      },
    };
  }
  const paymentMethod = resolvePaymentMethod(ctx, options.paymentMethodId, 'payment_method');
  const attemptOptions: AttemptOptions = {
    offSession: options.offSession,
    offSessionAuthentication: 'requires_action',
  };
  const attempt = attemptPayment(ctx, paymentIntent, paymentMethod, attemptOptions);
  applyAttemptToInvoice(ctx, paymentIntent, attempt, attemptOptions);
  if (attempt.status === 'succeeded') return { outcome: 'paid' };
  if (attempt.status === 'failed') {
    const { code, decline_code, message } = attempt.error;
    return {
      outcome: 'failed',
      error: { code, ...(decline_code === undefined ? {} : { decline_code }), message },
    };
  }
  return {
    outcome: 'requires_action',
    error: {
      code: 'invoice_payment_intent_requires_action',
      message:
        'Payment for this invoice requires additional user action before it can be completed successfully: ' +
        "have the customer authenticate with the invoice's confirmation_secret.",
    },
  };
}
