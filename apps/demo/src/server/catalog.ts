import type Stripe from 'stripe';

/** One plan of the demo's catalog, as the seed creates it in Stripe (or finds it by lookup key). */
export interface DemoPlan {
  key: string;
  name: string;
  description: string;
  features: string[];
  entitlements: string[];
  highlighted?: boolean;
  perSeat?: boolean;
  /** Days of free trial on both prices (Stripe's `recurring.trial_period_days`). */
  trialDays?: number;
  /** Minor units (USD cents) per month and per year (per seat for a per-seat plan). */
  monthly: number;
  yearly: number;
}

/** The demo SaaS's plans: a free tier, a paid tier, a popular tier with a trial and a per-seat tier. */
export const demoPlans: DemoPlan[] = [
  {
    key: 'free',
    name: 'Free',
    description: 'To try it out',
    features: ['1 project', 'Community support'],
    entitlements: ['projects'],
    monthly: 0,
    yearly: 0,
  },
  {
    key: 'starter',
    name: 'Starter',
    description: 'For side projects',
    features: ['3 projects', 'Community support'],
    entitlements: ['projects'],
    monthly: 900,
    yearly: 9000,
  },
  {
    key: 'pro',
    name: 'Pro',
    description: 'For growing teams',
    features: ['Unlimited projects', 'Analytics', 'Email support', '14-day free trial'],
    entitlements: ['projects', 'analytics'],
    highlighted: true,
    trialDays: 14,
    monthly: 2900,
    yearly: 29000,
  },
  {
    key: 'business',
    name: 'Business',
    description: 'Per seat, for the whole company',
    features: ['Everything in Pro', 'SSO', 'Priority support'],
    entitlements: ['projects', 'analytics', 'sso'],
    perSeat: true,
    monthly: 1500,
    yearly: 15000,
  },
];

/** The lookup key of a plan's price: `demo_<plan>_monthly` or `demo_<plan>_yearly`. */
export function lookupKeyOf(planKey: string, interval: 'month' | 'year'): string {
  return `demo_${planKey}_${interval === 'month' ? 'monthly' : 'yearly'}`;
}

/**
 * Makes sure every demo plan and both of its prices exist in Stripe and returns the product id by plan key.
 * Prices are found by lookup key first, so a second run against a real Stripe test account reuses what the first
 * one created instead of piling up duplicates; only what is missing is created.
 */
export async function seedCatalog(stripe: Stripe): Promise<Map<string, string>> {
  const lookupKeys = demoPlans.flatMap((plan) => [
    lookupKeyOf(plan.key, 'month'),
    lookupKeyOf(plan.key, 'year'),
  ]);
  // Stripe accepts up to 10 lookup keys per list call: the demo has 8.
  const existing = await stripe.prices.list({ lookup_keys: lookupKeys, active: true, limit: 100 });
  const priceByLookupKey = new Map(existing.data.map((price) => [price.lookup_key, price]));

  const productByPlan = new Map<string, string>();
  for (const plan of demoPlans) {
    const found = [lookupKeyOf(plan.key, 'month'), lookupKeyOf(plan.key, 'year')]
      .map((key) => priceByLookupKey.get(key))
      .find((price) => price !== undefined);
    const productId = found
      ? typeof found.product === 'string'
        ? found.product
        : found.product.id
      : (
          await stripe.products.create({
            name: plan.name,
            description: plan.description,
            metadata: { demo_plan: plan.key },
          })
        ).id;
    for (const [interval, amount] of [
      ['month', plan.monthly],
      ['year', plan.yearly],
    ] as const) {
      const lookupKey = lookupKeyOf(plan.key, interval);
      if (priceByLookupKey.has(lookupKey)) continue;
      await stripe.prices.create({
        product: productId,
        currency: 'usd',
        unit_amount: amount,
        recurring: { interval, ...(plan.trialDays ? { trial_period_days: plan.trialDays } : {}) },
        lookup_key: lookupKey,
      });
    }
    productByPlan.set(plan.key, productId);
  }
  return productByPlan;
}

/** The demo's promotion code: 20% off the first invoice. */
export const LAUNCH_PROMOTION_CODE = 'LAUNCH20';

/** Creates the LAUNCH20 promotion code (a 20%-off-once coupon) unless an active one already exists. */
export async function seedPromotionCode(stripe: Stripe): Promise<void> {
  const existing = await stripe.promotionCodes.list({ code: LAUNCH_PROMOTION_CODE, active: true, limit: 1 });
  if (existing.data.length > 0) return;
  const coupon = await stripe.coupons.create({ name: 'Launch: 20% off', percent_off: 20, duration: 'once' });
  await stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.id },
    code: LAUNCH_PROMOTION_CODE,
  });
}
