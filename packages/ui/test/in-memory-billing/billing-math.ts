import { formatMoney, type PlanChangeKind, type Price } from '@billing-kit/core';

/** Minor units one billing period of `price` costs for `quantity` units, tiers included. */
export function periodAmount(price: Price, quantity: number): number {
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

/** What one month of `quantity` × `price` costs: a yearly price counts a twelfth. */
function monthlyEquivalent(price: Price, quantity: number): number {
  return periodAmount(price, quantity) / ((price.interval === 'year' ? 12 : 1) * price.intervalCount);
}

/**
 * Classifies a plan change as the server does: more seats or more per month applies now; fewer seats, the same
 * or less per month, or another interval applies at the period end. Null when nothing would change.
 */
export function classifyPlanChange(
  current: { price: Price; quantity: number },
  target: Price,
  quantity: number,
): { kind: PlanChangeKind; appliesAt: 'now' | 'period_end' } | null {
  if (target.id === current.price.id) {
    if (quantity === current.quantity) return null;
    return quantity > current.quantity
      ? { kind: 'quantity_increase', appliesAt: 'now' }
      : { kind: 'quantity_decrease', appliesAt: 'period_end' };
  }
  if (target.interval !== current.price.interval || target.intervalCount !== current.price.intervalCount) {
    return { kind: 'interval_change', appliesAt: 'period_end' };
  }
  return monthlyEquivalent(target, quantity) > monthlyEquivalent(current.price, current.quantity)
    ? { kind: 'upgrade', appliesAt: 'now' }
    : { kind: 'downgrade', appliesAt: 'period_end' };
}

/** Exclusive tax on `amount` at `ratePercent`, rounded to the minor unit; nothing on credits. */
export function taxOn(amount: number, ratePercent: number): number {
  return amount > 0 ? Math.round((amount * ratePercent) / 100) : 0;
}

/** Unix seconds `seconds` plus one period of `price` (calendar months, in UTC, as Stripe counts them). */
export function addPeriod(seconds: number, price: Pick<Price, 'interval' | 'intervalCount'>): number {
  const date = new Date(seconds * 1000);
  date.setUTCMonth(date.getUTCMonth() + (price.interval === 'year' ? 12 : 1) * price.intervalCount);
  return Math.floor(date.getTime() / 1000);
}

/** The invoice line of a full period, worded as Stripe words it: `1 × Pro (at $20.00 / month)`. */
export function periodLineDescription(planName: string, price: Price, quantity: number): string {
  if (price.unitAmount === null) return `${quantity} × ${planName}`;
  return `${quantity} × ${planName} (at ${formatMoney(price.unitAmount, price.currency)} / ${price.interval})`;
}

const lineDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** `Unused time on Pro after Feb 15, 2027` / `Remaining time on Team after Feb 15, 2027`. */
export function prorationLineDescription(kind: 'unused' | 'remaining', planName: string, at: number): string {
  const what = kind === 'unused' ? 'Unused time' : 'Remaining time';
  return `${what} on ${planName} after ${lineDate.format(new Date(at * 1000))}`;
}
