import type { PlanChangeKind, Price, SubscriptionSummary } from '@billing-kit/core';

/** How a plan change is classified and when it applies. */
export interface PlanChangeClass {
  kind: PlanChangeKind;
  appliesAt: 'now' | 'period_end';
}

/** Minor units one billing period of `price` costs for `quantity` units, tiers included. */
export function periodAmount(
  price: Pick<Price, 'unitAmount' | 'billingScheme' | 'tiersMode' | 'tiers'>,
  quantity: number,
): number {
  if (price.billingScheme !== 'tiered') return (price.unitAmount ?? 0) * quantity;
  if (price.tiersMode === 'volume') {
    const tier = price.tiers.find((candidate) => candidate.upTo === null || quantity <= candidate.upTo);
    return (tier?.unitAmount ?? 0) * quantity + (tier?.flatAmount ?? 0);
  }
  let total = 0;
  let previousUpTo = 0;
  for (const tier of price.tiers) {
    if (quantity <= previousUpTo) break;
    const units = Math.min(quantity, tier.upTo ?? quantity) - previousUpTo;
    total += (tier.unitAmount ?? 0) * units + (tier.flatAmount ?? 0);
    previousUpTo = tier.upTo ?? quantity;
  }
  return total;
}

/** Months one billing period of a price lasts. */
function periodMonths(price: Pick<Price, 'interval' | 'intervalCount'>): number {
  return (price.interval === 'year' ? 12 : 1) * price.intervalCount;
}

/** The monthly-equivalent cost of `quantity` units of `price`: a yearly price counts one twelfth per month. */
export function monthlyEquivalent(price: Price, quantity: number): number {
  return periodAmount(price, quantity) / periodMonths(price);
}

/**
 * Classifies moving `current` to `quantity` × `target`, or returns null when nothing would change:
 * - the same price with more seats is a `quantity_increase` (now), with fewer a `quantity_decrease` (period end);
 * - a price on another interval is an `interval_change`, applied at the period end so no two periods overlap;
 * - otherwise a higher monthly-equivalent amount × quantity is an `upgrade` (now, prorated and charged at once),
 *   and the same or a lower one a `downgrade` (period end: the customer keeps what they paid for).
 *
 * @param currentPrice the catalog price of `current`, or null when it left the catalog (its mirrored amount is used).
 */
export function classifyPlanChange(
  current: SubscriptionSummary,
  currentPrice: Price | null,
  target: Price,
  quantity: number,
): PlanChangeClass | null {
  if (target.id === current.priceId) {
    if (quantity === current.quantity) return null;
    return quantity > current.quantity
      ? { kind: 'quantity_increase', appliesAt: 'now' }
      : { kind: 'quantity_decrease', appliesAt: 'period_end' };
  }
  const from: Price = currentPrice ?? {
    id: current.priceId,
    productId: current.planId,
    currency: current.currency,
    unitAmount: current.unitAmount,
    interval: current.interval,
    intervalCount: 1,
    billingScheme: 'per_unit',
    tiersMode: null,
    tiers: [],
    lookupKey: null,
    trialPeriodDays: null,
  };
  if (from.interval !== target.interval || from.intervalCount !== target.intervalCount) {
    return { kind: 'interval_change', appliesAt: 'period_end' };
  }
  return monthlyEquivalent(target, quantity) > monthlyEquivalent(from, current.quantity)
    ? { kind: 'upgrade', appliesAt: 'now' }
    : { kind: 'downgrade', appliesAt: 'period_end' };
}
