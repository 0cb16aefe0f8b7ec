import type Stripe from 'stripe';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId, randomToken } from '../ids.js';
import { invalidParam, invalidState, resourceMissing } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';
import { getCoupon } from './coupons.js';

/** The stored promotion code, or 404/400 `resource_missing`. */
export function getPromotionCode(ctx: EmulatorContext, id: string, param?: string): Stripe.PromotionCode {
  const code = ctx.state.promotionCodes.get(id);
  if (!code) throw resourceMissing('promotion_code', id, param);
  return code;
}

/** `/v1/promotion_codes`: create (`promotion[coupon]`), retrieve, update (`active`, `metadata`), list. */
export const promotionCodeRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/promotion_codes',
    handle: ({ ctx, params }) => {
      const promotion = params.object('promotion', { required: true });
      promotion?.enumValue('type', ['coupon'] as const, { required: true });
      const couponId = promotion?.string('coupon', { required: true }) as string;
      const code = params.string('code') ?? randomToken(8).toUpperCase();
      const active = params.boolean('active') ?? true;
      const customer = params.string('customer');
      const expiresAt = params.integer('expires_at');
      const maxRedemptions = params.integer('max_redemptions', { min: 1 });
      const metadata = mergeMetadata({}, params.metadata());
      params.finish();
      getCoupon(ctx, couponId, 'promotion[coupon]');
      if (customer !== undefined && !ctx.state.customers.has(customer)) {
        throw resourceMissing('customer', customer, 'customer');
      }
      const taken = [...ctx.state.promotionCodes.values()].some(
        (existing) => existing.active && existing.code.toLowerCase() === code.toLowerCase(),
      );
      if (taken) throw invalidState(`An active promotion code with code ${code} already exists.`, 'code');
      if (!/^[a-zA-Z0-9]+$/.test(code))
        throw invalidParam('code', 'A promotion code may only contain letters and digits.');
      const promotionCode: Stripe.PromotionCode = {
        id: createId('promo'),
        object: 'promotion_code',
        active,
        code,
        created: ctx.clock.now(),
        customer: customer ?? null,
        customer_account: null,
        expires_at: expiresAt ?? null,
        livemode: false,
        max_redemptions: maxRedemptions ?? null,
        metadata,
        promotion: { coupon: couponId, type: 'coupon' },
        restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
        times_redeemed: 0,
      };
      ctx.state.promotionCodes.set(promotionCode.id, promotionCode);
      ctx.emitEvent('promotion_code.created', promotionCode);
      return promotionCode;
    },
  },
  {
    method: 'GET',
    path: '/v1/promotion_codes/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getPromotionCode(ctx, path.id as string);
    },
  },
  {
    method: 'POST',
    path: '/v1/promotion_codes/:id',
    handle: ({ ctx, params, path }) => {
      const promotionCode = getPromotionCode(ctx, path.id as string);
      const active = params.boolean('active');
      const metadata = params.metadata();
      params.finish();
      const before = snapshot(promotionCode);
      if (active !== undefined) promotionCode.active = active;
      promotionCode.metadata = mergeMetadata(promotionCode.metadata ?? {}, metadata);
      const changed = previousAttributes(before, promotionCode);
      if (Object.keys(changed).length > 0) ctx.emitEvent('promotion_code.updated', promotionCode, changed);
      return promotionCode;
    },
  },
  {
    method: 'GET',
    path: '/v1/promotion_codes',
    handle: ({ ctx, params }) => {
      const code = params.string('code');
      const coupon = params.string('coupon');
      const active = params.boolean('active');
      const customer = params.string('customer');
      const codes = newestFirst(ctx.state.promotionCodes).filter(
        (entry) =>
          (code === undefined || entry.code.toLowerCase() === code.toLowerCase()) &&
          (coupon === undefined || entry.promotion.coupon === coupon) &&
          (active === undefined || entry.active === active) &&
          (customer === undefined || entry.customer === customer),
      );
      const list = paginate(codes, params, '/v1/promotion_codes');
      params.finish();
      return list;
    },
  },
];
