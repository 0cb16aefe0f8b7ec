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
  /** Minor units (USD cents) per month and per year. */
  monthly: number;
  yearly: number;
}

/** The demo SaaS's plans: what a small product with a paid tier, a popular tier and a per-seat tier would sell. */
export const demoPlans: DemoPlan[] = [
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
    features: ['Unlimited projects', 'Analytics', 'Email support'],
    entitlements: ['projects', 'analytics'],
    highlighted: true,
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

/**
 * Makes sure every demo plan exists in Stripe and returns its product id by plan key. Prices are found by lookup
 * key first, so a second run against a real Stripe test account reuses what the first one created.
 */
export async function seedCatalog(stripe: Stripe): Promise<Map<string, string>> {
  const lookupKeys = demoPlans.flatMap((plan) => [`demo_${plan.key}_monthly`, `demo_${plan.key}_yearly`]);
  const existing = await stripe.prices.list({ lookup_keys: lookupKeys, active: true, limit: 100 });
  const productByPlan = new Map<string, string>();
  for (const price of existing.data) {
    const plan = demoPlans.find((candidate) => price.lookup_key?.startsWith(`demo_${candidate.key}_`));
    if (plan)
      productByPlan.set(plan.key, typeof price.product === 'string' ? price.product : price.product.id);
  }
  for (const plan of demoPlans) {
    if (productByPlan.has(plan.key)) continue;
    const product = await stripe.products.create({
      name: plan.name,
      description: plan.description,
      metadata: { demo_plan: plan.key },
    });
    for (const [interval, amount] of [
      ['month', plan.monthly],
      ['year', plan.yearly],
    ] as const) {
      await stripe.prices.create({
        product: product.id,
        currency: 'usd',
        unit_amount: amount,
        recurring: { interval },
        lookup_key: `demo_${plan.key}_${interval === 'month' ? 'monthly' : 'yearly'}`,
      });
    }
    productByPlan.set(plan.key, product.id);
  }
  return productByPlan;
}
