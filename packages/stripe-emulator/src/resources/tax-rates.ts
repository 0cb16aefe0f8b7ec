import type Stripe from 'stripe';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId } from '../ids.js';
import { invalidParam, resourceMissing } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata, type ParamReader } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';

/** The stored tax rate, or 404/400 `resource_missing`. */
export function getTaxRate(ctx: EmulatorContext, id: string, param?: string): Stripe.TaxRate {
  const taxRate = ctx.state.taxRates.get(id);
  if (!taxRate) throw resourceMissing('tax_rate', id, param);
  return taxRate;
}

/**
 * Reads a list of tax rate ids (`default_tax_rates[]`, `items[0][tax_rates][]`): `undefined` when absent, `[]`
 * when sent empty (clears them), else the active tax rates.
 */
export function readTaxRates(
  ctx: EmulatorContext,
  params: ParamReader,
  key: string,
): Stripe.TaxRate[] | undefined {
  if (!params.has(key)) return undefined;
  const ids = params.stringArray(key) ?? [];
  return ids.map((id, index) => {
    const taxRate = getTaxRate(ctx, id, `${params.name(key)}[${index}]`);
    if (!taxRate.active) {
      throw invalidParam(
        `${params.name(key)}[${index}]`,
        `Tax rate ${id} is archived (active=false) and cannot be applied.`,
      );
    }
    return taxRate;
  });
}

const TAX_TYPES = [
  'gst',
  'hst',
  'igst',
  'jct',
  'pst',
  'qst',
  'rst',
  'sales_tax',
  'vat',
  'service_tax',
] as const;

/** `/v1/tax_rates`: create (`percentage`, `inclusive`), retrieve, update (`active`, `display_name`...), list. */
export const taxRateRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/tax_rates',
    handle: ({ ctx, params }) => {
      const displayName = params.string('display_name', { required: true }) as string;
      const inclusive = params.boolean('inclusive', { required: true }) as boolean;
      const percentageText = params.string('percentage', { required: true }) as string;
      const active = params.boolean('active') ?? true;
      const country = params.string('country');
      const description = params.string('description');
      const jurisdiction = params.string('jurisdiction');
      const stateCode = params.string('state');
      const taxType = params.enumValue('tax_type', TAX_TYPES);
      const metadata = mergeMetadata({}, params.metadata());
      params.finish();
      const percentage = Number(percentageText);
      if (!Number.isFinite(percentage) || percentage < 0 || percentage > 100) {
        throw invalidParam('percentage', 'percentage must be a number between 0 and 100.');
      }
      const taxRate: Stripe.TaxRate = {
        id: createId('txr'),
        object: 'tax_rate',
        active,
        country: country ?? null,
        created: ctx.clock.now(),
        description: description ?? null,
        display_name: displayName,
        effective_percentage: percentage,
        flat_amount: null,
        inclusive,
        jurisdiction: jurisdiction ?? null,
        jurisdiction_level: null,
        livemode: false,
        metadata,
        percentage,
        rate_type: 'percentage',
        state: stateCode ?? null,
        tax_type: taxType ?? null,
      };
      ctx.state.taxRates.set(taxRate.id, taxRate);
      ctx.emitEvent('tax_rate.created', taxRate);
      return taxRate;
    },
  },
  {
    method: 'GET',
    path: '/v1/tax_rates/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getTaxRate(ctx, path.id as string);
    },
  },
  {
    method: 'POST',
    path: '/v1/tax_rates/:id',
    handle: ({ ctx, params, path }) => {
      const taxRate = getTaxRate(ctx, path.id as string);
      const active = params.boolean('active');
      const displayName = params.string('display_name');
      const description = params.string('description');
      const metadata = params.metadata();
      params.finish();
      const before = snapshot(taxRate);
      if (active !== undefined) taxRate.active = active;
      if (displayName !== undefined) taxRate.display_name = displayName;
      if (description !== undefined) taxRate.description = description;
      taxRate.metadata = mergeMetadata(taxRate.metadata ?? {}, metadata);
      const changed = previousAttributes(before, taxRate);
      if (Object.keys(changed).length > 0) ctx.emitEvent('tax_rate.updated', taxRate, changed);
      return taxRate;
    },
  },
  {
    method: 'GET',
    path: '/v1/tax_rates',
    handle: ({ ctx, params }) => {
      const active = params.boolean('active');
      const inclusive = params.boolean('inclusive');
      const rates = newestFirst(ctx.state.taxRates).filter(
        (rate) =>
          (active === undefined || rate.active === active) &&
          (inclusive === undefined || rate.inclusive === inclusive),
      );
      const list = paginate(rates, params, '/v1/tax_rates');
      params.finish();
      return list;
    },
  },
];
