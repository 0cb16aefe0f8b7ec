import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { createId } from '../ids.js';
import { resourceMissing } from '../server/errors.js';
import { newestFirst, paginate } from '../server/list.js';
import type { RouteDefinition } from '../server/route.js';

/** The stored invoice, or 404/400 `resource_missing`. */
export function getInvoice(ctx: EmulatorContext, id: string, param?: string): Stripe.Invoice {
  const invoice = ctx.state.invoices.get(id);
  if (!invoice) throw resourceMissing('invoice', id, param);
  return invoice;
}

/** One line of a subscription invoice: a subscription item billed for a service period. */
export interface SubscriptionLineInput {
  subscriptionItemId: string;
  price: Stripe.Price;
  quantity: number;
  periodStart: number;
  periodEnd: number;
}

function buildSubscriptionLine(
  invoiceId: string,
  subscriptionId: string,
  line: SubscriptionLineInput,
): Stripe.InvoiceLineItem {
  const amount = (line.price.unit_amount ?? 0) * line.quantity;
  const productId = typeof line.price.product === 'string' ? line.price.product : line.price.product.id;
  return {
    id: createId('il'),
    object: 'line_item',
    amount,
    currency: line.price.currency,
    description: null,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: subscriptionId,
        subscription_item: line.subscriptionItemId,
      },
    },
    period: { start: line.periodStart, end: line.periodEnd },
    pretax_credit_amounts: [],
    pricing: {
      type: 'price_details',
      price_details: { price: line.price.id, product: productId },
      unit_amount_decimal: line.price.unit_amount_decimal,
    },
    quantity: line.quantity,
    quantity_decimal: String(line.quantity) as unknown as Stripe.InvoiceLineItem['quantity_decimal'],
    subscription: subscriptionId,
    subtotal: amount,
    taxes: [],
  };
}

/** A draft invoice for a subscription's items (not stored: the caller stores it and emits `invoice.created`). */
export function buildSubscriptionInvoice(
  ctx: EmulatorContext,
  input: {
    customer: Stripe.Customer;
    subscription: Stripe.Subscription;
    lines: SubscriptionLineInput[];
    billingReason: Stripe.Invoice.BillingReason;
  },
): Stripe.Invoice {
  const { customer, subscription } = input;
  const id = createId('in');
  const now = ctx.clock.now();
  const lines = input.lines.map((line) => buildSubscriptionLine(id, subscription.id, line));
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  return {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Stripe emulator',
    account_tax_ids: null,
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
    collection_method: 'charge_automatically',
    created: now,
    currency: subscription.currency,
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
    default_tax_rates: [],
    description: null,
    discounts: [],
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
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: {
      type: 'subscription_details',
      quote_details: null,
      subscription_details: { metadata: subscription.metadata, subscription: subscription.id },
    },
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: now,
    period_start: now,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
}

/** Draft -> open: numbers the invoice as `PREFIX-0001`, the customer's next in sequence. */
export function finalizeInvoice(
  ctx: EmulatorContext,
  invoice: Stripe.Invoice,
  customer: Stripe.Customer,
): void {
  const sequence = ctx.state.invoiceSequences.get(customer.id) ?? 1;
  ctx.state.invoiceSequences.set(customer.id, sequence + 1);
  customer.next_invoice_sequence = sequence + 1;
  const now = ctx.clock.now();
  invoice.status = 'open';
  invoice.number = `${customer.invoice_prefix ?? 'INV'}-${String(sequence).padStart(4, '0')}`;
  invoice.effective_at = now;
  invoice.status_transitions.finalized_at = now;
}

/** `/v1/invoices`: retrieve, list by `customer`, `subscription`, `status`. */
export const invoiceRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/v1/invoices/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getInvoice(ctx, path.id as string);
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
