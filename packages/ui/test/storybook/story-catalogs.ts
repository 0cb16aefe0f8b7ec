import type { CatalogResponse, Plan, Price } from '@billing-kit/core';
import { basicPlan, catalogResponse, proPlan, teamPlan } from '../catalog-fixture.js';

/** Every price of `plans` changed by `change`: trials, currencies. */
function withPrices(plans: Plan[], change: (price: Price) => Price): Plan[] {
  return plans.map((plan) => ({ ...plan, prices: plan.prices.map(change) }));
}

const proMonthly = proPlan.prices[0] as Price;

/**
 * Catalogs the pricing table and checkout stories share. Built from the
 * unit tests' fixtures: Basic $10, Pro $20 (highlighted), Team $15 per seat, a month or ten times that a year.
 */
export const storyCatalogs = {
  /** Pro alone: no interval toggle beyond its own prices, one card. */
  onePlan: catalogResponse({ plans: [proPlan] }),
  /** Twelve plans from $10 to $120 a month (a tenth off yearly), the sixth highlighted. */
  twelvePlans: catalogResponse({
    plans: Array.from({ length: 12 }, (_, index): Plan => {
      const id = `prod_plan_${index + 1}`;
      const monthly = 1000 * (index + 1);
      return {
        ...proPlan,
        id,
        name: `Plan ${index + 1}`,
        description: `${5 * (index + 1)} projects`,
        highlighted: index === 5,
        prices: [
          { ...proMonthly, id: `price_plan_${index + 1}_month`, productId: id, unitAmount: monthly },
          {
            ...proMonthly,
            id: `price_plan_${index + 1}_year`,
            productId: id,
            interval: 'year',
            unitAmount: monthly * 10,
          },
        ],
      };
    }),
  }),
  /**
   * An API plan billed per request block with graduated tiers (1-10 at $5, 11-100 at $3 plus a $10 flat fee, then
   * $1), next to Pro.
   */
  tiered: catalogResponse({
    plans: [
      {
        ...teamPlan,
        id: 'prod_api',
        name: 'API',
        description: 'Billed per block of 1,000 requests',
        features: ['Usage dashboard'],
        prices: [
          {
            ...proMonthly,
            id: 'price_api_month',
            productId: 'prod_api',
            unitAmount: null,
            billingScheme: 'tiered',
            tiersMode: 'graduated',
            tiers: [
              { upTo: 10, unitAmount: 500, flatAmount: null },
              { upTo: 100, unitAmount: 300, flatAmount: 1000 },
              { upTo: null, unitAmount: 100, flatAmount: null },
            ],
          },
        ],
      },
      proPlan,
    ],
  }),
  /** The fixtures priced in yen, a zero-decimal currency: Basic ¥1,000, Pro ¥2,000, Team ¥1,500 per seat. */
  yen: catalogResponse({
    plans: withPrices([basicPlan, proPlan, teamPlan], (price) => ({ ...price, currency: 'jpy' })),
  }),
  /** Every fixture price with a 14-day free trial. */
  trial: catalogResponse({
    plans: withPrices([basicPlan, proPlan, teamPlan], (price) => ({ ...price, trialPeriodDays: 14 })),
  }),
} satisfies Record<string, CatalogResponse>;
