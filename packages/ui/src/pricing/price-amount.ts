import type { Interval, Price } from '@billing-kit/core';

/**
 * What `quantity` units of a price cost per billing period, in minor units. Handles flat, per-seat and tiered
 * (volume and graduated) prices the way Stripe bills them, so the pricing table and the order summary agree with the
 * invoice.
 */
export function priceAmount(price: Price, quantity: number): number {
  if (price.billingScheme === 'per_unit') return (price.unitAmount ?? 0) * quantity;

  const tiers = price.tiers;
  if (price.tiersMode === 'volume') {
    // The whole quantity is billed at the tier it falls into.
    const tier =
      tiers.find((candidate) => candidate.upTo === null || quantity <= candidate.upTo) ?? tiers.at(-1);
    if (!tier) return 0;
    return (tier.unitAmount ?? 0) * quantity + (tier.flatAmount ?? 0);
  }

  // Graduated: each tier bills only the units inside it.
  let total = 0;
  let billedUpTo = 0;
  for (const tier of tiers) {
    if (billedUpTo >= quantity) break;
    const tierEnd = tier.upTo === null ? quantity : Math.min(tier.upTo, quantity);
    const units = tierEnd - billedUpTo;
    if (units > 0) total += (tier.unitAmount ?? 0) * units + (tier.flatAmount ?? 0);
    billedUpTo = tierEnd;
  }
  return total;
}

/** The same amount spread over one month, to compare monthly and yearly prices. */
export function monthlyEquivalent(amount: number, interval: Interval, intervalCount: number): number {
  return amount / ((interval === 'year' ? 12 : 1) * intervalCount);
}

/** The plan's price for an interval, preferring the plain one (every 1 month / every 1 year). */
export function findPriceForInterval(prices: readonly Price[], interval: Interval): Price | undefined {
  return (
    prices.find((price) => price.interval === interval && price.intervalCount === 1) ??
    prices.find((price) => price.interval === interval)
  );
}
