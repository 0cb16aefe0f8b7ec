import type Stripe from 'stripe';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId } from '../ids.js';
import { invalidState, resourceMissing } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';

/** The stored product, or 404/400 `resource_missing`. */
export function getProduct(ctx: EmulatorContext, id: string, param?: string): Stripe.Product {
  const product = ctx.state.products.get(id);
  if (!product) throw resourceMissing('product', id, param);
  return product;
}

/** Builds a product in its API shape. */
export function buildProduct(
  ctx: EmulatorContext,
  fields: {
    id?: string;
    name: string;
    description?: string;
    active?: boolean;
    metadata: Record<string, string>;
  },
): Stripe.Product {
  const now = ctx.clock.now();
  return {
    id: fields.id ?? createId('prod'),
    object: 'product',
    active: fields.active ?? true,
    created: now,
    default_price: null,
    description: fields.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: fields.metadata,
    name: fields.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: now,
    url: null,
  };
}

/** `/v1/products`: create, retrieve, list. */
export const productRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/products',
    handle: ({ ctx, params }) => {
      const id = params.string('id');
      if (id !== undefined && ctx.state.products.has(id)) {
        throw invalidState(`Product already exists.`, 'id');
      }
      const name = params.string('name', { required: true }) as string;
      const description = params.string('description');
      const active = params.boolean('active');
      const metadata = mergeMetadata({}, params.metadata());
      const features = params.objectArray('marketing_features');
      const product = buildProduct(ctx, {
        ...(id === undefined ? {} : { id }),
        name,
        ...(description === undefined ? {} : { description }),
        ...(active === undefined ? {} : { active }),
        metadata,
      });
      product.marketing_features = (features ?? []).map((feature) => ({
        name: feature.string('name', { required: true }) as string,
      }));
      params.finish();
      ctx.state.products.set(product.id, product);
      ctx.emitEvent('product.created', product);
      return product;
    },
  },
  {
    method: 'GET',
    path: '/v1/products/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getProduct(ctx, path.id as string);
    },
  },
  {
    method: 'POST',
    path: '/v1/products/:id',
    handle: ({ ctx, params, path }) => {
      const product = getProduct(ctx, path.id as string);
      const name = params.string('name');
      const description = params.string('description', { allowEmpty: true });
      const active = params.boolean('active');
      const metadata = params.metadata();
      const features = params.objectArray('marketing_features')?.map((feature) => ({
        name: feature.string('name', { required: true }) as string,
      }));
      const defaultPrice = params.string('default_price');
      params.finish();
      if (defaultPrice !== undefined) {
        const price = ctx.state.prices.get(defaultPrice);
        if (!price || price.product !== product.id)
          throw resourceMissing('price', defaultPrice, 'default_price');
      }
      const before = snapshot(product);
      if (name !== undefined) product.name = name;
      if (description !== undefined) product.description = description === '' ? null : description;
      // Archiving (active=false) keeps the product and its prices usable by existing subscriptions, as in Stripe.
      if (active !== undefined) product.active = active;
      if (defaultPrice !== undefined) product.default_price = defaultPrice;
      product.metadata = mergeMetadata(product.metadata, metadata);
      if (features !== undefined) product.marketing_features = features;
      const changed = previousAttributes(before, product);
      if (Object.keys(changed).length > 0) {
        product.updated = ctx.clock.now();
        ctx.emitEvent('product.updated', product, { ...changed, updated: before.updated });
      }
      return product;
    },
  },
  {
    method: 'GET',
    path: '/v1/products',
    handle: ({ ctx, params }) => {
      const active = params.boolean('active');
      const ids = params.stringArray('ids');
      const products = newestFirst(ctx.state.products).filter(
        (product) =>
          (active === undefined || product.active === active) &&
          (ids === undefined || ids.includes(product.id)),
      );
      const list = paginate(products, params, '/v1/products');
      params.finish();
      return list;
    },
  },
];
