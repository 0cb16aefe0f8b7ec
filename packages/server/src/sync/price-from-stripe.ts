import { type Price, PriceSchema } from '@billing-kit/core';
import type Stripe from 'stripe';

/**
 * The catalog's view of a Stripe price, or null for a price the catalog does not offer: inactive, one-off, metered,
 * or billed by the day or week.
 */
export function priceFromStripe(price: Stripe.Price): Price | null {
  const recurring = price.recurring;
  if (!price.active || recurring === null) return null;
  if (recurring.interval !== 'month' && recurring.interval !== 'year') return null;
  if (recurring.usage_type === 'metered') return null;
  const candidate = {
    id: price.id,
    productId: typeof price.product === 'string' ? price.product : price.product.id,
    currency: price.currency,
    unitAmount: price.unit_amount,
    interval: recurring.interval,
    intervalCount: recurring.interval_count,
    billingScheme: price.billing_scheme,
    tiersMode: price.tiers_mode ?? null,
    tiers: (price.tiers ?? []).map((tier) => ({
      upTo: tier.up_to,
      unitAmount: tier.unit_amount,
      flatAmount: tier.flat_amount,
    })),
    lookupKey: price.lookup_key ?? null,
    trialPeriodDays: recurring.trial_period_days ? recurring.trial_period_days : null,
  };
  // Whatever core's contract cannot express (fractional amounts, odd currencies) stays out of the catalog.
  const parsed = PriceSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

/** Display order of a plan's prices: monthly before yearly, then cheapest first. */
export function comparePrices(a: Price, b: Price): number {
  const intervalOrder = { month: 0, year: 1 } as const;
  return (
    intervalOrder[a.interval] - intervalOrder[b.interval] ||
    a.intervalCount - b.intervalCount ||
    (a.unitAmount ?? 0) - (b.unitAmount ?? 0) ||
    a.id.localeCompare(b.id)
  );
}
