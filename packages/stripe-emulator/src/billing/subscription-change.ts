import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { getPrice, planFromPrice } from '../resources/prices.js';
import { readTaxRates } from '../resources/tax-rates.js';
import { invalidParam } from '../server/errors.js';
import { mergeMetadata, type ParamReader } from '../server/params.js';
import type { LineDraft } from './invoice-math.js';
import {
  buildSubscriptionItem,
  currentPeriod,
  nextPeriodEnd,
  periodLines,
  prorationLines,
} from './subscription-lines.js';

/** One entry of `items[]` on a subscription update or preview. */
export interface ItemChange {
  id?: string;
  price?: string;
  quantity?: number;
  deleted?: boolean;
  metadata?: ReturnType<ParamReader['metadata']>;
  taxRates?: Stripe.TaxRate[];
  param: string;
}

/** Reads `items[i][id|price|quantity|deleted|metadata|tax_rates]`. */
export function readItemChanges(
  ctx: EmulatorContext,
  params: ParamReader,
  key = 'items',
): ItemChange[] | undefined {
  return params.objectArray(key)?.map((item) => {
    const id = item.string('id');
    const price = item.string('price');
    const quantity = item.integer('quantity', { min: 0 });
    const deleted = item.boolean('deleted');
    const metadata = item.metadata();
    const taxRates = readTaxRates(ctx, item, 'tax_rates');
    item.boolean('clear_usage');
    return {
      param: item.name(id === undefined ? 'price' : 'id'),
      ...(id === undefined ? {} : { id }),
      ...(price === undefined ? {} : { price }),
      ...(quantity === undefined ? {} : { quantity }),
      ...(deleted === undefined ? {} : { deleted }),
      ...(metadata === undefined ? {} : { metadata }),
      ...(taxRates === undefined ? {} : { taxRates }),
    };
  });
}

function recurringPrice(ctx: EmulatorContext, id: string, param: string): Stripe.Price {
  const price = getPrice(ctx, id, param);
  if (price.type !== 'recurring' || !price.recurring) {
    throw invalidParam(
      param,
      'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
    );
  }
  return price;
}

/** The subscription's items after `changes` (new objects; the subscription is not touched). */
export function applyItemChanges(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
  changes: readonly ItemChange[],
  created: number,
): Stripe.SubscriptionItem[] {
  const period = currentPeriod(subscription);
  let items = subscription.items.data.map((item) => structuredClone(item));
  for (const change of changes) {
    if (change.id !== undefined) {
      const index = items.findIndex((item) => item.id === change.id);
      if (index === -1) {
        throw invalidParam(
          change.param,
          `Subscription item ${change.id} does not belong to this subscription.`,
        );
      }
      if (change.deleted) {
        items = items.filter((item) => item.id !== change.id);
        continue;
      }
      const item = items[index] as Stripe.SubscriptionItem;
      if (change.price !== undefined) {
        const price = recurringPrice(ctx, change.price, change.param.replace(/\[id\]$/, '[price]'));
        item.price = price;
        item.plan = planFromPrice(price);
      }
      if (change.quantity !== undefined) item.quantity = change.quantity;
      if (change.metadata !== undefined) item.metadata = mergeMetadata(item.metadata, change.metadata);
      if (change.taxRates !== undefined) item.tax_rates = change.taxRates;
      continue;
    }
    if (change.price === undefined)
      throw invalidParam(change.param, 'Pass items[][price] to add an item, or items[][id] to change one.');
    items.push(
      buildSubscriptionItem(ctx, {
        subscriptionId: subscription.id,
        price: recurringPrice(ctx, change.price, change.param),
        quantity: change.quantity ?? 1,
        metadata: mergeMetadata({}, change.metadata),
        taxRates: change.taxRates ?? [],
        periodStart: period.start,
        periodEnd: period.end,
        created,
      }),
    );
  }
  if (items.length === 0) throw invalidParam('items', 'A subscription must keep at least one item.');
  const first = items[0] as Stripe.SubscriptionItem;
  for (const item of items) {
    if (item.price.currency !== first.price.currency) {
      throw invalidParam('items', 'All prices on a subscription must have the same currency.');
    }
    if (
      item.price.recurring?.interval !== first.price.recurring?.interval ||
      item.price.recurring?.interval_count !== first.price.recurring?.interval_count
    ) {
      throw invalidParam(
        'items',
        'All prices on a subscription must have the same recurring interval and interval_count.',
      );
    }
  }
  return items;
}

/** What a subscription change does to billing. */
export interface ChangePlan {
  items: Stripe.SubscriptionItem[];
  /** When the change is effective for prorations (`proration_date`, default now). */
  changeTime: number;
  /** Proration lines of this change (credits and charges). */
  prorations: LineDraft[];
  /** Whether the change is invoiced now (`always_invoice`, or `billing_cycle_anchor=now`). */
  invoiceNow: boolean;
  /** Lines of the invoice created now: pending prorations, these prorations, and a new period if the anchor moved. */
  invoiceLines: LineDraft[];
  /** The new period when `billing_cycle_anchor=now`. */
  newPeriod: { start: number; end: number } | null;
}

/** The `proration_behavior` values Stripe takes on subscription updates and previews. */
export const PRORATION_BEHAVIORS = ['create_prorations', 'always_invoice', 'none'] as const;

/** The parameters of a change, as update and preview both read them. */
export interface ChangeRequest {
  items?: ItemChange[];
  prorationBehavior: (typeof PRORATION_BEHAVIORS)[number];
  prorationDate?: number;
  billingCycleAnchorNow: boolean;
  defaultTaxRates?: Stripe.TaxRate[];
}

/**
 * Plans a change to `subscription` made at `at`: its new items and the prorations, computed exactly as Stripe
 * documents (to the second). Used by `subscriptions.update` and `invoices.createPreview` alike, so a preview with
 * the same `proration_date` bills what the update bills.
 */
export function planChange(
  ctx: EmulatorContext,
  subscription: Stripe.Subscription,
  request: ChangeRequest,
  at: number,
): ChangePlan {
  const period = currentPeriod(subscription);
  const changeTime = request.prorationDate ?? at;
  if (request.prorationDate !== undefined && (changeTime < period.start || changeTime >= period.end)) {
    throw invalidParam(
      'proration_date',
      `proration_date must be within the subscription's current period [${period.start}, ${period.end}).`,
    );
  }
  const taxed = { default_tax_rates: request.defaultTaxRates ?? subscription.default_tax_rates };
  let items =
    request.items === undefined
      ? subscription.items.data.map((item) => structuredClone(item))
      : applyItemChanges(ctx, subscription, request.items, at);
  const prorate = request.prorationBehavior !== 'none' && subscription.status !== 'trialing';
  const pending = ctx.state.billing.pendingLines.get(subscription.id) ?? [];
  if (request.billingCycleAnchorNow) {
    const newPeriod = { start: at, end: nextPeriodEnd(items, at) };
    items = items.map((item) => ({
      ...item,
      current_period_start: newPeriod.start,
      current_period_end: newPeriod.end,
    }));
    const credits = prorate
      ? prorationLines(ctx, taxed, subscription.items.data, [], changeTime, period)
      : [];
    return {
      items,
      changeTime,
      prorations: credits,
      invoiceNow: true,
      invoiceLines: [...pending, ...credits, ...periodLines(ctx, taxed, items)],
      newPeriod,
    };
  }
  const prorations = prorate
    ? prorationLines(ctx, taxed, subscription.items.data, items, changeTime, period)
    : [];
  const invoiceNow = request.prorationBehavior === 'always_invoice' && prorations.length > 0;
  return {
    items,
    changeTime,
    prorations,
    invoiceNow,
    invoiceLines: invoiceNow ? [...pending, ...prorations] : [],
    newPeriod: null,
  };
}
