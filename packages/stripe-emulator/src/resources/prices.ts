import type Stripe from 'stripe';
import type { EmulatorContext } from '../context.js';
import { createId } from '../ids.js';
import { invalidParam, invalidState, resourceMissing } from '../server/errors.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';
import { buildProduct, getProduct } from './products.js';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;

/** The stored price, or 404/400 `resource_missing`. */
export function getPrice(ctx: EmulatorContext, id: string, param?: string): Stripe.Price {
  const price = ctx.state.prices.get(id);
  if (!price) throw resourceMissing('price', id, param);
  return price;
}

/** The legacy `plan` view of a recurring price, which subscription items still carry. */
export function planFromPrice(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring;
  if (!recurring) throw new Error(`Price ${price.id} is not recurring: it has no plan view.`);
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: recurring.trial_period_days,
    usage_type: recurring.usage_type,
  };
}

/** `/v1/prices`: create (one-time or `recurring`), retrieve, list by `product`, `active`, `type`, `lookup_keys`. */
export const priceRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/prices',
    handle: ({ ctx, params }) => {
      const currency = (params.string('currency', { required: true }) as string).toLowerCase();
      const unitAmount = params.integer('unit_amount');
      const productId = params.string('product');
      const productData = params.object('product_data');
      const productName = productData?.string('name', { required: true });
      const productMetadata = productData?.metadata();
      const recurringParams = params.object('recurring');
      const interval = recurringParams?.enumValue('interval', INTERVALS, { required: true });
      const intervalCount = recurringParams?.integer('interval_count', { min: 1 }) ?? 1;
      const trialPeriodDays = recurringParams?.integer('trial_period_days', { min: 1 });
      const lookupKey = params.string('lookup_key');
      const transferLookupKey = params.boolean('transfer_lookup_key') ?? false;
      const nickname = params.string('nickname');
      const active = params.boolean('active') ?? true;
      const taxBehavior = params.enumValue('tax_behavior', [
        'exclusive',
        'inclusive',
        'unspecified',
      ] as const);
      const metadata = mergeMetadata({}, params.metadata());
      params.finish();

      if (unitAmount === undefined) throw invalidParam('unit_amount', 'Missing required param: unit_amount.');
      if (productId === undefined && productName === undefined) {
        throw invalidParam(
          'product',
          'You must specify either `product` or `product_data` when creating a price.',
        );
      }
      if (productId !== undefined && productName !== undefined) {
        throw invalidParam(
          'product_data',
          'You may only specify one of these parameters: product, product_data.',
        );
      }
      if (productId !== undefined) getProduct(ctx, productId, 'product');
      if (lookupKey !== undefined) {
        const holder = [...ctx.state.prices.values()].find((price) => price.lookup_key === lookupKey);
        if (holder && !transferLookupKey) {
          throw invalidState(
            `A price (\`${holder.id}\`) already uses that lookup key. Pass transfer_lookup_key=true to move it.`,
            'lookup_key',
          );
        }
        if (holder) holder.lookup_key = null;
      }

      let product = productId;
      if (product === undefined) {
        const created = buildProduct(ctx, {
          name: productName as string,
          metadata: mergeMetadata({}, productMetadata),
        });
        ctx.state.products.set(created.id, created);
        ctx.emitEvent('product.created', created);
        product = created.id;
      }

      const price: Stripe.Price = {
        id: createId('price'),
        object: 'price',
        active,
        billing_scheme: 'per_unit',
        created: ctx.clock.now(),
        currency,
        custom_unit_amount: null,
        livemode: false,
        lookup_key: lookupKey ?? null,
        metadata,
        nickname: nickname ?? null,
        product,
        recurring:
          interval === undefined
            ? null
            : {
                interval,
                interval_count: intervalCount,
                meter: null,
                trial_period_days: trialPeriodDays ?? null,
                usage_type: 'licensed',
              },
        tax_behavior: taxBehavior ?? 'unspecified',
        tiers_mode: null,
        transform_quantity: null,
        type: interval === undefined ? 'one_time' : 'recurring',
        unit_amount: unitAmount,
        unit_amount_decimal: String(unitAmount) as unknown as Stripe.Price['unit_amount_decimal'],
      };
      ctx.state.prices.set(price.id, price);
      ctx.emitEvent('price.created', price);
      return price;
    },
  },
  {
    method: 'GET',
    path: '/v1/prices/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getPrice(ctx, path.id as string);
    },
  },
  {
    method: 'GET',
    path: '/v1/prices',
    handle: ({ ctx, params }) => {
      const product = params.string('product');
      const active = params.boolean('active');
      const type = params.enumValue('type', ['one_time', 'recurring'] as const);
      const currency = params.string('currency')?.toLowerCase();
      const lookupKeys = params.stringArray('lookup_keys');
      const prices = newestFirst(ctx.state.prices).filter(
        (price) =>
          (product === undefined || price.product === product) &&
          (active === undefined || price.active === active) &&
          (type === undefined || price.type === type) &&
          (currency === undefined || price.currency === currency) &&
          (lookupKeys === undefined || (price.lookup_key !== null && lookupKeys.includes(price.lookup_key))),
      );
      const list = paginate(prices, params, '/v1/prices');
      params.finish();
      return list;
    },
  },
];
