import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { randomToken } from '../ids.js';
import { readDiscountEntries, resolveDiscounts } from '../resources/coupons.js';
import { getCustomer } from '../resources/customers.js';
import { buildInvoice } from '../resources/invoices.js';
import { getPrice } from '../resources/prices.js';
import { getSubscription } from '../resources/subscriptions.js';
import { readTaxRates } from '../resources/tax-rates.js';
import { invalidParam } from '../server/errors.js';
import { mergeMetadata, type ParamReader } from '../server/params.js';
import type { LineDraft } from './invoice-math.js';
import { addBillingPeriods } from './periods.js';
import { PRORATION_BEHAVIORS, planChange, readItemChanges } from './subscription-change.js';
import {
  activeDiscounts,
  buildSubscriptionItem,
  currentPeriod,
  nextPeriodEnd,
  periodLines,
} from './subscription-lines.js';
import { nowFor } from './time.js';

function previewId(): string {
  return `upcoming_in_${randomToken(24)}`;
}

/**
 * The invoice the subscription's next renewal creates, as `create_preview` and `invoice.upcoming` show it: the
 * pending prorations, then `extraLines`, then `items` for the next period (left out when the subscription `cancels`
 * at the period end), with the discounts active at the renewal. Nothing is stored.
 */
export function previewRenewal(
  ctx: EmulatorContext,
  input: {
    customer: Stripe.Customer;
    subscription: Stripe.Subscription;
    items: readonly Stripe.SubscriptionItem[];
    extraLines?: readonly LineDraft[];
    discounts: ReadonlyArray<string | Stripe.Discount>;
    cancels: boolean;
  },
): Stripe.Invoice {
  const { customer, subscription } = input;
  const end = currentPeriod(subscription).end;
  const next = nextPeriodEnd(input.items, end);
  const renewing = input.items.map((item) => ({
    ...item,
    current_period_start: end,
    current_period_end: next,
  }));
  return buildInvoice(ctx, {
    id: previewId(),
    customer,
    subscription,
    lines: [
      ...(ctx.state.billing.pendingLines.get(subscription.id) ?? []),
      ...(input.extraLines ?? []),
      ...(input.cancels ? [] : periodLines(ctx, subscription, renewing)),
    ],
    discounts: activeDiscounts(ctx, input.discounts, end),
    billingReason: 'subscription_cycle',
    currency: subscription.currency,
    created: end,
  });
}

/**
 * `POST /v1/invoices/create_preview`. For an existing `subscription` (with `subscription_details.items`,
 * `proration_date`, `proration_behavior`): with `always_invoice` the invoice the update would create now; otherwise
 * the next renewal invoice, including pending prorations and this change's. For a new subscription (`customer` and
 * `subscription_details.items`): its first invoice. Nothing is stored; the money comes from the same code as real
 * invoices, so a preview and the invoice of the same change agree to the minor unit.
 */
export function previewInvoice(ctx: EmulatorContext, params: ParamReader): Stripe.Invoice {
  const customerId = params.string('customer');
  const subscriptionId = params.string('subscription');
  const details = params.object('subscription_details');
  const items = details ? readItemChanges(ctx, details) : undefined;
  const prorationDate = details?.integer('proration_date');
  const prorationBehavior =
    details?.enumValue('proration_behavior', PRORATION_BEHAVIORS) ?? 'create_prorations';
  const defaultTaxRates = details ? readTaxRates(ctx, details, 'default_tax_rates') : undefined;
  const cancelAtPeriodEnd = details?.boolean('cancel_at_period_end');
  const discountEntries = readDiscountEntries(params);
  params.string('currency');
  params.finish();

  if (subscriptionId !== undefined) {
    const subscription = getSubscription(ctx, subscriptionId, 'subscription');
    if (customerId !== undefined && customerId !== subscription.customer) {
      throw invalidParam('customer', 'The subscription belongs to another customer.');
    }
    const customer = getCustomer(ctx, subscription.customer as string);
    const at = nowFor(ctx, customer.id);
    const plan = planChange(
      ctx,
      subscription,
      {
        ...(items === undefined ? {} : { items }),
        prorationBehavior,
        ...(prorationDate === undefined ? {} : { prorationDate }),
        billingCycleAnchorNow: false,
        ...(defaultTaxRates === undefined ? {} : { defaultTaxRates }),
      },
      at,
    );
    const discounts =
      discountEntries === undefined
        ? subscription.discounts
        : discountEntries === 'clear'
          ? []
          : resolveDiscounts(
              ctx,
              discountEntries,
              { customer: customer.id, subscription: subscription.id, existing: subscription.discounts },
              at,
              false,
            );
    const taxed = { ...subscription, default_tax_rates: defaultTaxRates ?? subscription.default_tax_rates };
    if (plan.invoiceNow) {
      return buildInvoice(ctx, {
        id: previewId(),
        customer,
        subscription: taxed,
        lines: plan.invoiceLines,
        discounts: activeDiscounts(ctx, discounts, at),
        billingReason: 'subscription_update',
        currency: subscription.currency,
        created: at,
      });
    }
    return previewRenewal(ctx, {
      customer,
      subscription: taxed,
      items: plan.items,
      extraLines: plan.prorations,
      discounts,
      cancels: cancelAtPeriodEnd ?? subscription.cancel_at_period_end,
    });
  }

  if (customerId === undefined) {
    throw invalidParam(
      'customer',
      'Pass customer (and subscription_details.items) or subscription to preview an invoice.',
    );
  }
  const customer = getCustomer(ctx, customerId, 'customer');
  if (items === undefined || items.length === 0) {
    throw invalidParam('subscription_details[items]', 'Pass the items of the subscription to preview.');
  }
  const at = nowFor(ctx, customer.id);
  const prices = items.map((item) => {
    if (item.price === undefined)
      throw invalidParam(item.param, 'Each item of a new subscription needs a price.');
    const price = getPrice(ctx, item.price, item.param);
    if (!price.recurring) throw invalidParam(item.param, 'Subscription items need recurring prices.');
    return price;
  });
  const first = prices[0] as Stripe.Price;
  const recurring = first.recurring as Stripe.Price.Recurring;
  const draft = { default_tax_rates: defaultTaxRates ?? [] };
  const periodEnd = addBillingPeriods(at, recurring.interval, recurring.interval_count);
  const subscriptionItems = items.map((item, index) =>
    buildSubscriptionItem(ctx, {
      subscriptionId: '',
      price: prices[index] as Stripe.Price,
      quantity: item.quantity ?? 1,
      metadata: mergeMetadata({}, item.metadata),
      taxRates: item.taxRates ?? [],
      periodStart: at,
      periodEnd,
      created: at,
    }),
  );
  const discounts =
    discountEntries === undefined || discountEntries === 'clear'
      ? []
      : resolveDiscounts(
          ctx,
          discountEntries,
          { customer: customer.id, subscription: null, existing: [] },
          at,
          false,
        );
  return buildInvoice(ctx, {
    id: previewId(),
    customer,
    subscription: null,
    lines: periodLines(ctx, draft, subscriptionItems),
    discounts: activeDiscounts(ctx, discounts, at),
    billingReason: 'subscription_create',
    currency: first.currency,
    created: at,
  });
}
