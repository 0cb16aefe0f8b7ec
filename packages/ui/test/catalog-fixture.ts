import type { CatalogResponse, Plan, Price } from '@billing-kit/core';

function price(id: string, productId: string, interval: 'month' | 'year', unitAmount: number): Price {
  return {
    id,
    productId,
    currency: 'usd',
    unitAmount,
    interval,
    intervalCount: 1,
    billingScheme: 'per_unit',
    tiersMode: null,
    tiers: [],
    lookupKey: null,
    trialPeriodDays: null,
  };
}

/** Basic $10/mo or $100/yr, Pro $20/mo or $200/yr (highlighted), Team $15 per seat per month or $150 per year. */
export const basicPlan: Plan = {
  id: 'prod_basic',
  name: 'Basic',
  description: 'For individuals',
  features: ['1 project', 'Email support'],
  entitlements: [],
  highlighted: false,
  perSeat: false,
  prices: [
    price('price_basic_month', 'prod_basic', 'month', 1000),
    price('price_basic_year', 'prod_basic', 'year', 10000),
  ],
};

export const proPlan: Plan = {
  id: 'prod_pro',
  name: 'Pro',
  description: 'For growing teams',
  features: ['Unlimited projects', 'Analytics'],
  entitlements: ['analytics'],
  highlighted: true,
  perSeat: false,
  prices: [
    price('price_pro_month', 'prod_pro', 'month', 2000),
    price('price_pro_year', 'prod_pro', 'year', 20000),
  ],
};

export const teamPlan: Plan = {
  id: 'prod_team',
  name: 'Team',
  description: null,
  features: ['SSO'],
  entitlements: ['sso'],
  highlighted: false,
  perSeat: true,
  prices: [
    price('price_team_month', 'prod_team', 'month', 1500),
    price('price_team_year', 'prod_team', 'year', 15000),
  ],
};

export function catalogResponse(overrides: Partial<CatalogResponse> = {}): CatalogResponse {
  return { plans: [basicPlan, proPlan, teamPlan], currentPriceId: null, ...overrides };
}
