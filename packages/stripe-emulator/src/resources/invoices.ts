import type Stripe from 'stripe';
import { completeInvoicePayment } from '../billing/collect.js';
import { computeInvoiceAmounts, type LineDraft } from '../billing/invoice-math.js';
import { attemptInvoicePayment } from '../billing/invoice-payment.js';
import { previewInvoice } from '../billing/preview.js';
import { nowFor } from '../billing/time.js';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId } from '../ids.js';
import { invalidState, resourceMissing, StripeApiError } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import type { RouteDefinition } from '../server/route.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';

/** The stored invoice, or 404/400 `resource_missing`. */
export function getInvoice(ctx: EmulatorContext, id: string, param?: string): Stripe.Invoice {
  const invoice = ctx.state.invoices.get(id);
  if (!invoice) throw resourceMissing('invoice', id, param);
  return invoice;
}

/** What an invoice is built from. */
export interface InvoiceInput {
  id?: string;
  customer: Stripe.Customer;
  subscription: Pick<Stripe.Subscription, 'id' | 'metadata' | 'currency' | 'default_tax_rates'> | null;
  lines: readonly LineDraft[];
  discounts: ReadonlyArray<{ discount: Stripe.Discount; coupon: Stripe.Coupon }>;
  billingReason: Stripe.Invoice.BillingReason;
  currency: string;
  /** Creation time (the customer's clock). */
  created: number;
}

/**
 * A draft invoice in its API shape (not stored). Money comes from `computeInvoiceAmounts`, so previews and real
 * invoices agree. The customer's credit balance (negative `balance`) is applied to `amount_due`.
 */
export function buildInvoice(_ctx: EmulatorContext, input: InvoiceInput): Stripe.Invoice {
  const { customer, subscription } = input;
  const id = input.id ?? createId('in');
  const amounts = computeInvoiceAmounts(id, subscription?.id ?? null, input.lines, input.discounts);
  const startingBalance = customer.balance ?? 0;
  const due = Math.max(0, amounts.total + startingBalance);
  const periods = input.lines.filter((line) => !line.proration);
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Stripe emulator',
    account_tax_ids: null,
    amount_due: due,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: due,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
    collection_method: 'charge_automatically',
    created: input.created,
    currency: input.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: customer.tax_exempt ?? 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: subscription?.default_tax_rates ?? [],
    description: null,
    discounts: amounts.discountIds,
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: amounts.lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent:
      subscription === null
        ? null
        : {
            type: 'subscription_details',
            quote_details: null,
            subscription_details: { metadata: subscription.metadata, subscription: subscription.id },
          },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: periods[0]?.periodStart ?? input.created,
    period_start: periods[0]?.periodStart ?? input.created,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: startingBalance,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: amounts.subtotal,
    subtotal_excluding_tax: amounts.subtotalExcludingTax,
    test_clock: customer.test_clock ?? null,
    total: amounts.total,
    total_discount_amounts: amounts.totalDiscountAmounts,
    total_excluding_tax: amounts.totalExcludingTax,
    total_pretax_credit_amounts: [],
    total_taxes: amounts.totalTaxes,
    webhooks_delivered_at: null,
  };
}

/**
 * Draft -> open: numbers the invoice `PREFIX-0001` (the customer's next in sequence), sets the hosted page and PDF
 * URLs, and moves the customer's balance (a credit is used up; a negative total becomes credit).
 */
export function finalizeInvoice(
  ctx: EmulatorContext,
  invoice: Stripe.Invoice,
  customer: Stripe.Customer,
): void {
  const sequence = ctx.state.invoiceSequences.get(customer.id) ?? 1;
  ctx.state.invoiceSequences.set(customer.id, sequence + 1);
  const customerBefore = snapshot(customer);
  customer.next_invoice_sequence = sequence + 1;
  const endingBalance = Math.min(0, invoice.total + (invoice.starting_balance ?? 0));
  customer.balance = endingBalance;
  if (customerBefore.balance !== customer.balance) {
    ctx.emitEvent('customer.updated', customer, previousAttributes(customerBefore, customer));
  }
  const now = nowFor(ctx, customer.id);
  invoice.status = 'open';
  invoice.number = `${customer.invoice_prefix ?? 'INV'}-${String(sequence).padStart(4, '0')}`;
  invoice.effective_at = now;
  invoice.ending_balance = endingBalance;
  invoice.status_transitions.finalized_at = now;
  invoice.hosted_invoice_url = `${ctx.baseUrl}/invoices/${invoice.id}`;
  invoice.invoice_pdf = `${ctx.baseUrl}/invoices/${invoice.id}.pdf`;
}

/** `/v1/invoices`: retrieve, list, pay, create_preview. */
export const invoiceRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/invoices/create_preview',
    handle: ({ ctx, params }) => previewInvoice(ctx, params),
  },
  {
    method: 'GET',
    path: '/v1/invoices/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getInvoice(ctx, path.id as string);
    },
  },
  {
    method: 'POST',
    path: '/v1/invoices/:id/pay',
    handle: ({ ctx, params, path }) => {
      const invoice = getInvoice(ctx, path.id as string);
      const paymentMethodParam = params.string('payment_method');
      const offSession = params.boolean('off_session') ?? true;
      const paidOutOfBand = params.boolean('paid_out_of_band') ?? false;
      params.finish();
      if (invoice.status === 'paid') throw invalidState('Invoice is already paid.');
      if (invoice.status !== 'open') {
        throw invalidState(
          `You can only pay an open invoice; this one is ${invoice.status}. Finalize it first.`,
        );
      }
      const customerId = invoice.customer as string;
      let paymentMethodId: string | null = null;
      if (paymentMethodParam !== undefined) {
        const paymentMethod = resolvePaymentMethod(ctx, paymentMethodParam, 'payment_method');
        if (paymentMethod.customer === null) attachPaymentMethod(ctx, paymentMethod, customerId);
        else if (paymentMethod.customer !== customerId) {
          throw resourceMissing('PaymentMethod', paymentMethodParam, 'payment_method');
        }
        paymentMethodId = paymentMethod.id;
      } else {
        paymentMethodId = defaultPaymentMethodFor(ctx, invoice);
      }
      const result = paidOutOfBand
        ? completeOutOfBand(ctx, invoice)
        : attemptInvoicePayment(ctx, invoice, { paymentMethodId, offSession });
      if (result.outcome === 'paid') {
        completeInvoicePayment(ctx, invoice);
        return invoice;
      }
      throw new StripeApiError(402, {
        type: 'card_error',
        code: result.error?.code ?? 'card_declined',
        ...(result.error?.decline_code === undefined ? {} : { decline_code: result.error.decline_code }),
        message: result.error?.message ?? 'Your card was declined.',
      });
    },
  },
  {
    method: 'GET',
    path: '/v1/invoices',
    handle: ({ ctx, params }) => {
      const customer = params.string('customer');
      const subscription = params.string('subscription');
      const status = params.enumValue('status', ['draft', 'open', 'paid', 'uncollectible', 'void'] as const);
      const invoices = newestFirst(ctx.state.invoices).filter(
        (invoice) =>
          (customer === undefined || invoice.customer === customer) &&
          (subscription === undefined ||
            invoice.parent?.subscription_details?.subscription === subscription) &&
          (status === undefined || invoice.status === status),
      );
      const list = paginate(invoices, params, '/v1/invoices');
      params.finish();
      return list;
    },
  },
];

/** The payment method an invoice is charged with: its subscription's default, else the customer's. */
export function defaultPaymentMethodFor(ctx: EmulatorContext, invoice: Stripe.Invoice): string | null {
  const subscriptionRef = invoice.parent?.subscription_details?.subscription;
  const subscription =
    subscriptionRef === undefined || subscriptionRef === null
      ? undefined
      : ctx.state.subscriptions.get(
          typeof subscriptionRef === 'string' ? subscriptionRef : subscriptionRef.id,
        );
  const fromSubscription = subscription?.default_payment_method;
  if (typeof fromSubscription === 'string') return fromSubscription;
  const customer = ctx.state.customers.get(invoice.customer as string);
  const fromCustomer = customer?.invoice_settings.default_payment_method;
  return typeof fromCustomer === 'string' ? fromCustomer : null;
}

function completeOutOfBand(ctx: EmulatorContext, invoice: Stripe.Invoice): { outcome: 'paid' } {
  // Paid outside Stripe: the invoice is settled without charging anything.
  const before = snapshot(invoice);
  invoice.amount_remaining = 0;
  ctx.emitEvent('invoice.updated', invoice, previousAttributes(before, invoice));
  return attemptInvoicePayment(ctx, invoice, { paymentMethodId: null, offSession: true }) as {
    outcome: 'paid';
  };
}
