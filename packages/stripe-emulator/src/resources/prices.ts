import type Stripe from 'stripe';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId } from '../ids.js';
import { invalidParam, invalidState, resourceMissing } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata, type ParamReader } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';
import { buildProduct, getProduct } from './products.js';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;

/** The stored price, or 404/400 `resource_missing`. */
export function getPrice(ctx: EmulatorContext, id: string, param?: string): Stripe.Price {
  const price = ctx.state.prices.get(id);
  if (!price) throw resourceMissing('price', id, param);
  return price;
}

/** Reads `tiers[i][up_to|unit_amount|flat_amount]` (`up_to=inf` for the last tier), in ascending order. */
function readTiers(params: ParamReader): Stripe.Price.Tier[] | undefined {
  const entries = params.objectArray('tiers');
  if (entries === undefined) return undefined;
  const tiers = entries.map((entry, index) => {
    const upToText = entry.string('up_to', { required: true }) as string;
    const unitAmount = entry.integer('unit_amount');
    const flatAmount = entry.integer('flat_amount');
    const upTo = upToText === 'inf' ? null : Number(upToText);
    if (upTo !== null && (!Number.isInteger(upTo) || upTo < 1)) {
      throw invalidParam(entry.name('up_to'), 'up_to must be a positive integer or inf.');
    }
    if (upTo === null && index !== entries.length - 1) {
      throw invalidParam(entry.name('up_to'), 'Only the last tier may have up_to=inf.');
    }
    return {
      flat_amount: flatAmount ?? null,
      flat_amount_decimal:
        flatAmount === undefined
          ? null
          : (String(flatAmount) as unknown as Stripe.Price.Tier['flat_amount_decimal']),
      unit_amount: unitAmount ?? null,
      unit_amount_decimal:
        unitAmount === undefined
          ? null
          : (String(unitAmount) as unknown as Stripe.Price.Tier['unit_amount_decimal']),
      up_to: upTo,
    };
  });
  const last = tiers[tiers.length - 1];
  if (last && last.up_to !== null)
    throw invalidParam(`tiers[${tiers.length - 1}][up_to]`, 'The last tier must have up_to=inf.');
  for (let index = 1; index < tiers.length; index += 1) {
    const previous = tiers[index - 1]?.up_to ?? 0;
    const current = tiers[index]?.up_to ?? Number.POSITIVE_INFINITY;
    if (current <= previous)
      throw invalidParam(`tiers[${index}][up_to]`, 'Tiers must be in ascending order of up_to.');
  }
  return tiers;
}

/**
 * `tiers` is includable: Stripe returns it only when expanded (`expand[]=tiers`, or `data.tiers` on lists). The
 * expansion itself is then a no-op in the HTTP layer, since the field is present.
 */
function withTiers(
  ctx: EmulatorContext,
  price: Stripe.Price,
  params: ParamReader,
  prefix = '',
): Stripe.Price {
  const expand = params.stringArray('expand') ?? [];
  const tiers = ctx.state.billing.priceTiers.get(price.id);
  if (tiers === undefined || !expand.includes(`${prefix}tiers`)) return price;
  return { ...price, tiers: snapshot(tiers) };
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
    tiers_mode: price.tiers_mode,
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
      const billingScheme = params.enumValue('billing_scheme', ['per_unit', 'tiered'] as const) ?? 'per_unit';
      const tiersMode = params.enumValue('tiers_mode', ['graduated', 'volume'] as const);
      const tiers = readTiers(params);
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

      if (billingScheme === 'tiered') {
        if (tiersMode === undefined) throw invalidParam('tiers_mode', 'Missing required param: tiers_mode.');
        if (tiers === undefined || tiers.length === 0)
          throw invalidParam('tiers', 'Missing required param: tiers.');
        if (unitAmount !== undefined) {
          throw invalidParam(
            'unit_amount',
            'unit_amount is not accepted with billing_scheme=tiered: set it per tier.',
          );
        }
        if (interval === undefined) throw invalidParam('billing_scheme', 'Tiered prices must be recurring.');
      } else {
        if (unitAmount === undefined)
          throw invalidParam('unit_amount', 'Missing required param: unit_amount.');
        if (tiers !== undefined || tiersMode !== undefined) {
          throw invalidParam('tiers', 'tiers and tiers_mode are only accepted with billing_scheme=tiered.');
        }
      }
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
        billing_scheme: billingScheme,
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
        tiers_mode: tiersMode ?? null,
        transform_quantity: null,
        type: interval === undefined ? 'one_time' : 'recurring',
        unit_amount: unitAmount ?? null,
        unit_amount_decimal:
          unitAmount === undefined
            ? null
            : (String(unitAmount) as unknown as Stripe.Price['unit_amount_decimal']),
      };
      ctx.state.prices.set(price.id, price);
      if (tiers !== undefined) ctx.state.billing.priceTiers.set(price.id, tiers);
      ctx.emitEvent('price.created', price);
      return withTiers(ctx, price, params);
    },
  },
  {
    method: 'GET',
    path: '/v1/prices/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return withTiers(ctx, getPrice(ctx, path.id as string), params);
    },
  },
  {
    method: 'POST',
    path: '/v1/prices/:id',
    handle: ({ ctx, params, path }) => {
      const price = getPrice(ctx, path.id as string);
      const active = params.boolean('active');
      const nickname = params.string('nickname', { allowEmpty: true });
      const lookupKey = params.string('lookup_key', { allowEmpty: true });
      const transferLookupKey = params.boolean('transfer_lookup_key') ?? false;
      const metadata = params.metadata();
      const taxBehavior = params.enumValue('tax_behavior', [
        'exclusive',
        'inclusive',
        'unspecified',
      ] as const);
      params.finish();
      if (lookupKey !== undefined && lookupKey !== '') {
        const holder = [...ctx.state.prices.values()].find(
          (other) => other.lookup_key === lookupKey && other.id !== price.id,
        );
        if (holder && !transferLookupKey) {
          throw invalidState(
            `A price (\`${holder.id}\`) already uses that lookup key. Pass transfer_lookup_key=true to move it.`,
            'lookup_key',
          );
        }
        if (holder) holder.lookup_key = null;
      }
      const before = snapshot(price);
      if (active !== undefined) price.active = active;
      if (nickname !== undefined) price.nickname = nickname === '' ? null : nickname;
      if (lookupKey !== undefined) price.lookup_key = lookupKey === '' ? null : lookupKey;
      if (taxBehavior !== undefined) price.tax_behavior = taxBehavior;
      price.metadata = mergeMetadata(price.metadata, metadata);
      const changed = previousAttributes(before, price);
      if (Object.keys(changed).length > 0) ctx.emitEvent('price.updated', price, changed);
      return withTiers(ctx, price, params);
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
      return { ...list, data: list.data.map((price) => withTiers(ctx, price, params, 'data.')) };
    },
  },
];
