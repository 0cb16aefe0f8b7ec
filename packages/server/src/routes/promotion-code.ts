import type { AppliedDiscount, Price } from '@billing-kit/core';
import type Stripe from 'stripe';
import { ApiError } from '../http/api-error.js';

/** A promotion code the customer may use on a price, with the discount it gives. */
export interface ResolvedPromotionCode {
  /** Stripe's `promo_...` id, for `discounts: [{ promotion_code }]`. */
  id: string;
  discount: AppliedDiscount;
}

const DURATIONS = ['once', 'forever', 'repeating'] as const;

function invalid(): ApiError {
  return new ApiError(400, 'invalid_promotion_code', 'This promotion code is not valid.', {
    field: 'promotionCode',
  });
}

/**
 * Looks up the code the customer typed and checks it applies: active, not expired or used up, not reserved for
 * another customer, with a valid coupon in the price's currency (for an amount off) and, when the coupon is
 * limited to products, covering the price's. Anything else is 400 `invalid_promotion_code` in plain words, before
 * the code reaches a subscription.
 */
export async function resolvePromotionCode(
  stripe: Stripe,
  code: string,
  customerId: string,
  price: Price,
): Promise<ResolvedPromotionCode> {
  const listed = await stripe.promotionCodes.list({ code, active: true, limit: 1 });
  const promotionCode = listed.data[0];
  if (!promotionCode || promotionCode.code.toLowerCase() !== code.toLowerCase()) throw invalid();
  const reservedFor = promotionCode.customer;
  if (reservedFor && (typeof reservedFor === 'string' ? reservedFor : reservedFor.id) !== customerId) {
    throw invalid();
  }
  const now = Math.floor(Date.now() / 1000);
  if (promotionCode.expires_at !== null && promotionCode.expires_at <= now) throw invalid();
  if (
    promotionCode.max_redemptions !== null &&
    promotionCode.times_redeemed >= promotionCode.max_redemptions
  ) {
    throw invalid();
  }
  const reference = promotionCode.promotion.coupon;
  if (reference === null) throw invalid();
  const coupon = typeof reference === 'string' ? await stripe.coupons.retrieve(reference) : reference;
  if (!coupon.valid) throw invalid();
  if (coupon.amount_off !== null && coupon.currency !== price.currency) throw invalid();
  const duration = DURATIONS.find((candidate) => candidate === coupon.duration);
  if (!duration) throw invalid();
  const products = coupon.applies_to?.products;
  if (products && products.length > 0 && !products.includes(price.productId)) throw invalid();

  return {
    id: promotionCode.id,
    discount: {
      promotionCode: promotionCode.code,
      name: coupon.name ?? null,
      percentOff: coupon.percent_off ?? null,
      amountOff: coupon.amount_off ?? null,
      duration,
      durationInMonths: coupon.duration_in_months ?? null,
    },
  };
}

/** Whether a discount still applies to the invoice one billing period after the first. */
export function discountOutlastsFirstPeriod(discount: AppliedDiscount, price: Price): boolean {
  if (discount.duration === 'forever') return true;
  if (discount.duration === 'once') return false;
  const periodMonths = (price.interval === 'year' ? 12 : 1) * price.intervalCount;
  return (discount.durationInMonths ?? 0) > periodMonths;
}
