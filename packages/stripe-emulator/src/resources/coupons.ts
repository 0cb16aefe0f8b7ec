import type Stripe from 'stripe';
import { addBillingPeriods } from '../billing/periods.js';
import { type EmulatorContext, previousAttributes } from '../context.js';
import { createId, randomToken } from '../ids.js';
import { invalidParam, invalidState, resourceMissing } from '../server/errors.js';
import { snapshot } from '../server/expand.js';
import { newestFirst, paginate } from '../server/list.js';
import { mergeMetadata, type ParamReader } from '../server/params.js';
import type { RouteDefinition } from '../server/route.js';

/** The stored coupon, or 404/400 `resource_missing`. */
export function getCoupon(ctx: EmulatorContext, id: string, param?: string): Stripe.Coupon {
  const coupon = ctx.state.coupons.get(id);
  if (!coupon) throw resourceMissing('coupon', id, param);
  return coupon;
}

/** One entry of a `discounts` parameter: `{ coupon }`, `{ promotion_code }` or an existing `{ discount }`. */
export interface DiscountEntry {
  coupon?: string;
  promotionCode?: string;
  discount?: string;
  param: string;
}

/**
 * Reads `discounts[i][coupon|promotion_code|discount]`. `discounts=` (empty) reads as `'clear'`, which removes
 * every discount on update.
 */
export function readDiscountEntries(
  params: ParamReader,
  key = 'discounts',
): DiscountEntry[] | 'clear' | undefined {
  if (!params.has(key)) return undefined;
  const entries = params.objectArray(key);
  if (entries === undefined) return 'clear';
  return entries.map((entry) => {
    const coupon = entry.string('coupon');
    const promotionCode = entry.string('promotion_code');
    const discount = entry.string('discount');
    const given = [coupon, promotionCode, discount].filter((value) => value !== undefined).length;
    if (given !== 1) {
      throw invalidParam(
        entry.name('coupon'),
        'Each discount takes exactly one of coupon, promotion_code or discount.',
      );
    }
    return {
      param: entry.name(
        coupon !== undefined ? 'coupon' : promotionCode !== undefined ? 'promotion_code' : 'discount',
      ),
      ...(coupon === undefined ? {} : { coupon }),
      ...(promotionCode === undefined ? {} : { promotionCode }),
      ...(discount === undefined ? {} : { discount }),
    };
  });
}

/**
 * Turns `discounts` entries into Discount objects for a subscription: an entry naming a coupon the subscription
 * already has keeps that discount (and its start); others become new `di_...` discounts that start at `start`
 * (a repeating coupon ends `duration_in_months` later). With `persist: false` (previews) nothing is stored or
 * counted as redeemed.
 */
export function resolveDiscounts(
  ctx: EmulatorContext,
  entries: readonly DiscountEntry[],
  target: {
    customer: string;
    subscription: string | null;
    existing: ReadonlyArray<string | Stripe.Discount>;
  },
  start: number,
  persist: boolean,
): Stripe.Discount[] {
  const existing = target.existing
    .map((entry) => ctx.state.discounts.get(typeof entry === 'string' ? entry : entry.id))
    .filter((discount): discount is Stripe.Discount => discount !== undefined);
  return entries.map((entry) => {
    if (entry.discount !== undefined) {
      const found = existing.find((discount) => discount.id === entry.discount);
      if (!found) throw resourceMissing('discount', entry.discount, entry.param);
      return found;
    }
    let coupon: Stripe.Coupon;
    let promotionCode: Stripe.PromotionCode | null = null;
    if (entry.promotionCode !== undefined) {
      const code = ctx.state.promotionCodes.get(entry.promotionCode);
      if (!code) throw resourceMissing('promotion code', entry.promotionCode, entry.param);
      if (!code.active)
        throw invalidParam(entry.param, `This promotion code is inactive: ${entry.promotionCode}.`);
      promotionCode = code;
      const couponRef = code.promotion.coupon;
      coupon = getCoupon(ctx, typeof couponRef === 'string' ? couponRef : (couponRef?.id ?? ''), entry.param);
    } else {
      coupon = getCoupon(ctx, entry.coupon as string, entry.param);
    }
    const kept = existing.find((discount) => {
      const ref = discount.source.coupon;
      return (typeof ref === 'string' ? ref : ref?.id) === coupon.id;
    });
    if (kept) return kept;
    if (!coupon.valid) throw invalidParam(entry.param, `Coupon expired or used up: ${coupon.id}.`);
    const discount: Stripe.Discount = {
      id: createId('di'),
      object: 'discount',
      checkout_session: null,
      customer: target.customer,
      customer_account: null,
      end:
        coupon.duration === 'repeating' && coupon.duration_in_months !== null
          ? addBillingPeriods(start, 'month', 1, coupon.duration_in_months)
          : null,
      invoice: null,
      invoice_item: null,
      promotion_code: promotionCode?.id ?? null,
      source: { coupon: coupon.id, type: 'coupon' },
      start,
      subscription: target.subscription,
      subscription_item: null,
    };
    if (persist) {
      ctx.state.discounts.set(discount.id, discount);
      coupon.times_redeemed += 1;
      if (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions)
        coupon.valid = false;
      if (promotionCode) promotionCode.times_redeemed += 1;
    }
    return discount;
  });
}

/** `/v1/coupons`: create, retrieve, update (`name`, `metadata`), delete, list. */
export const couponRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/coupons',
    handle: ({ ctx, params }) => {
      const id = params.string('id') ?? randomToken(8);
      const percentOff = params.string('percent_off');
      const amountOff = params.integer('amount_off', { min: 1 });
      const currency = params.string('currency')?.toLowerCase();
      const duration = params.enumValue('duration', ['once', 'forever', 'repeating'] as const) ?? 'once';
      const durationInMonths = params.integer('duration_in_months', { min: 1 });
      const maxRedemptions = params.integer('max_redemptions', { min: 1 });
      const redeemBy = params.integer('redeem_by');
      const name = params.string('name');
      const metadata = mergeMetadata({}, params.metadata());
      params.finish();
      if (ctx.state.coupons.has(id)) throw invalidState('Coupon already exists.', 'id');
      if ((percentOff === undefined) === (amountOff === undefined)) {
        throw invalidParam('percent_off', 'Pass exactly one of percent_off or amount_off.');
      }
      const percent = percentOff === undefined ? null : Number(percentOff);
      if (percent !== null && (!Number.isFinite(percent) || percent <= 0 || percent > 100)) {
        throw invalidParam('percent_off', 'percent_off must be a number greater than 0 and at most 100.');
      }
      if (amountOff !== undefined && currency === undefined) {
        throw invalidParam('currency', 'You must pass currency when passing amount_off.');
      }
      if (duration === 'repeating' && durationInMonths === undefined) {
        throw invalidParam(
          'duration_in_months',
          'duration_in_months is required when duration is repeating.',
        );
      }
      if (duration !== 'repeating' && durationInMonths !== undefined) {
        throw invalidParam(
          'duration_in_months',
          'duration_in_months is only accepted with duration=repeating.',
        );
      }
      const coupon: Stripe.Coupon = {
        id,
        object: 'coupon',
        amount_off: amountOff ?? null,
        created: ctx.clock.now(),
        currency: amountOff === undefined ? null : (currency as string),
        duration,
        duration_in_months: durationInMonths ?? null,
        livemode: false,
        max_redemptions: maxRedemptions ?? null,
        metadata,
        name: name ?? null,
        percent_off: percent,
        redeem_by: redeemBy ?? null,
        times_redeemed: 0,
        valid: true,
      };
      ctx.state.coupons.set(id, coupon);
      ctx.emitEvent('coupon.created', coupon);
      return coupon;
    },
  },
  {
    method: 'GET',
    path: '/v1/coupons/:id',
    handle: ({ ctx, params, path }) => {
      params.finish();
      return getCoupon(ctx, path.id as string);
    },
  },
  {
    method: 'POST',
    path: '/v1/coupons/:id',
    handle: ({ ctx, params, path }) => {
      const coupon = getCoupon(ctx, path.id as string);
      const name = params.string('name');
      const metadata = params.metadata();
      params.finish();
      const before = snapshot(coupon);
      if (name !== undefined) coupon.name = name;
      coupon.metadata = mergeMetadata(coupon.metadata ?? {}, metadata);
      ctx.emitEvent('coupon.updated', coupon, previousAttributes(before, coupon));
      return coupon;
    },
  },
  {
    method: 'DELETE',
    path: '/v1/coupons/:id',
    handle: ({ ctx, params, path }) => {
      const coupon = getCoupon(ctx, path.id as string);
      params.finish();
      // Existing discounts keep working, as in Stripe; the coupon can no longer be applied.
      ctx.state.coupons.delete(coupon.id);
      ctx.state.billing.deletedCoupons.set(coupon.id, coupon);
      ctx.emitEvent('coupon.deleted', coupon);
      const deleted: Stripe.DeletedCoupon = { id: coupon.id, object: 'coupon', deleted: true };
      return deleted;
    },
  },
  {
    method: 'GET',
    path: '/v1/coupons',
    handle: ({ ctx, params }) => {
      const list = paginate(newestFirst(ctx.state.coupons), params, '/v1/coupons');
      params.finish();
      return list;
    },
  },
];
