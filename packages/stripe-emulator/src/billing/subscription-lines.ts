import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { createId } from '../ids.js';
import { planFromPrice } from '../resources/prices.js';
import type { LineDraft } from './invoice-math.js';
import { divideRounded, formatAmount, formatDate, priceAmount } from './money.js';
import { addBillingPeriods } from './periods.js';

function productName(ctx: EmulatorContext, price: Stripe.Price): string {
  const productId = typeof price.product === 'string' ? price.product : price.product.id;
  return ctx.state.products.get(productId)?.name ?? productId;
}

/** What a price and quantity bill for a whole period, in minor units. */
export function fullPeriodAmount(ctx: EmulatorContext, price: Stripe.Price, quantity: number): number {
  return priceAmount(price, quantity, ctx.state.billing.priceTiers.get(price.id));
}

/** The tax rates that apply to an item: its own, else the subscription's `default_tax_rates`. */
export function itemTaxRates(
  subscription: Pick<Stripe.Subscription, 'default_tax_rates'>,
  item: Pick<Stripe.SubscriptionItem, 'tax_rates'>,
): Stripe.TaxRate[] {
  if (item.tax_rates && item.tax_rates.length > 0) return item.tax_rates;
  return subscription.default_tax_rates ?? [];
}

/** `1 × Pro (at $20.00 / month)`, Stripe's description of a subscription line. */
export function periodLineDescription(ctx: EmulatorContext, price: Stripe.Price, quantity: number): string {
  const name = productName(ctx, price);
  if (price.billing_scheme === 'tiered' || !price.recurring) return `${quantity} × ${name}`;
  return `${quantity} × ${name} (at ${formatAmount(price.unit_amount ?? 0, price.currency)} / ${price.recurring.interval})`;
}

/** One full-period line per subscription item, for the period each item is in. */
export function periodLines(
  ctx: EmulatorContext,
  subscription: Pick<Stripe.Subscription, 'default_tax_rates'>,
  items: readonly Stripe.SubscriptionItem[],
  options: { trial?: boolean } = {},
): LineDraft[] {
  return items.map((item) => {
    const quantity = item.quantity ?? 1;
    return {
      subscriptionItemId: item.id,
      price: item.price,
      quantity,
      amount: options.trial ? 0 : fullPeriodAmount(ctx, item.price, quantity),
      periodStart: item.current_period_start,
      periodEnd: item.current_period_end,
      proration: false,
      description: options.trial
        ? `Trial period for ${productName(ctx, item.price)}`
        : periodLineDescription(ctx, item.price, quantity),
      taxRates: itemTaxRates(subscription, item),
    };
  });
}

/**
 * Prorations for moving items from `before` to `after` at `changeTime` within the period [start, end): a credit
 * `-amount(old) * (end - t) / (end - start)` for each changed old item and a charge `amount(new) * (end - t) /
 * (end - start)` for each changed new item, each rounded to the minor unit on its own (halves away from zero).
 */
export function prorationLines(
  ctx: EmulatorContext,
  subscription: Pick<Stripe.Subscription, 'default_tax_rates'>,
  before: readonly Stripe.SubscriptionItem[],
  after: readonly Stripe.SubscriptionItem[],
  changeTime: number,
  period: { start: number; end: number },
): LineDraft[] {
  const length = period.end - period.start;
  const remaining = period.end - changeTime;
  if (length <= 0 || remaining <= 0) return [];
  const date = formatDate(changeTime);
  const lines: LineDraft[] = [];
  const unchanged = (old: Stripe.SubscriptionItem, next: Stripe.SubscriptionItem | undefined) =>
    next !== undefined && next.price.id === old.price.id && (next.quantity ?? 1) === (old.quantity ?? 1);
  for (const old of before) {
    const next = after.find((item) => item.id === old.id);
    if (unchanged(old, next)) continue;
    const quantity = old.quantity ?? 1;
    lines.push({
      subscriptionItemId: old.id,
      price: old.price,
      quantity,
      amount: -divideRounded(fullPeriodAmount(ctx, old.price, quantity) * remaining, length),
      periodStart: changeTime,
      periodEnd: period.end,
      proration: true,
      description: `Unused time on ${quantity} × ${productName(ctx, old.price)} after ${date}`,
      taxRates: itemTaxRates(subscription, old),
    });
  }
  for (const next of after) {
    const old = before.find((item) => item.id === next.id);
    if (old !== undefined && unchanged(old, next)) continue;
    const quantity = next.quantity ?? 1;
    lines.push({
      subscriptionItemId: next.id,
      price: next.price,
      quantity,
      amount: divideRounded(fullPeriodAmount(ctx, next.price, quantity) * remaining, length),
      periodStart: changeTime,
      periodEnd: period.end,
      proration: true,
      description: `Remaining time on ${quantity} × ${productName(ctx, next.price)} after ${date}`,
      taxRates: itemTaxRates(subscription, next),
    });
  }
  return lines;
}

/** The current billing period of a subscription (all its items share it). */
export function currentPeriod(subscription: Stripe.Subscription): { start: number; end: number } {
  const first = subscription.items.data[0];
  return { start: first?.current_period_start ?? 0, end: first?.current_period_end ?? 0 };
}

/** The end of the period that starts at `start` for the subscription's (first) price. */
export function nextPeriodEnd(items: readonly Stripe.SubscriptionItem[], start: number): number {
  const recurring = items[0]?.price.recurring;
  if (!recurring) return start;
  return addBillingPeriods(start, recurring.interval, recurring.interval_count);
}

/** The subscription's discounts that apply to an invoice created at `at`, with their coupons. */
export function activeDiscounts(
  ctx: EmulatorContext,
  discountIds: ReadonlyArray<string | Stripe.Discount>,
  at: number,
): Array<{ discount: Stripe.Discount; coupon: Stripe.Coupon }> {
  const result: Array<{ discount: Stripe.Discount; coupon: Stripe.Coupon }> = [];
  for (const reference of discountIds) {
    // Previews pass discounts that are not stored (yet) as objects.
    const discount = typeof reference === 'string' ? ctx.state.discounts.get(reference) : reference;
    if (!discount || ctx.state.billing.consumedDiscounts.has(discount.id)) continue;
    if (discount.end !== null && at >= discount.end) continue;
    const couponRef = discount.source.coupon;
    const couponId =
      couponRef === null ? undefined : typeof couponRef === 'string' ? couponRef : couponRef.id;
    const coupon =
      couponId === undefined
        ? undefined
        : (ctx.state.coupons.get(couponId) ?? ctx.state.billing.deletedCoupons.get(couponId));
    if (coupon) result.push({ discount, coupon });
  }
  return result;
}

/** A new subscription item in its API shape. */
export function buildSubscriptionItem(
  _ctx: EmulatorContext,
  input: {
    subscriptionId: string;
    price: Stripe.Price;
    quantity: number;
    metadata: Record<string, string>;
    taxRates: Stripe.TaxRate[];
    periodStart: number;
    periodEnd: number;
    created: number;
    id?: string;
  },
): Stripe.SubscriptionItem {
  return {
    id: input.id ?? createId('si'),
    object: 'subscription_item',
    billing_thresholds: null,
    created: input.created,
    current_period_end: input.periodEnd,
    current_period_start: input.periodStart,
    current_trial: null,
    discounts: [],
    metadata: input.metadata,
    plan: planFromPrice(input.price),
    price: input.price,
    quantity: input.quantity,
    subscription: input.subscriptionId,
    tax_rates: input.taxRates,
  };
}
