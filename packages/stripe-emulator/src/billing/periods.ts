import type Stripe from 'stripe';

type Interval = Stripe.Price.Recurring.Interval;

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * The end of `periods` billing periods starting at `anchor` (unix seconds), in UTC calendar arithmetic as Stripe
 * bills: a monthly subscription anchored on the 31st renews on the last day of shorter months.
 */
export function addBillingPeriods(
  anchor: number,
  interval: Interval,
  intervalCount: number,
  periods = 1,
): number {
  const date = new Date(anchor * 1000);
  const steps = intervalCount * periods;
  if (interval === 'day') return anchor + steps * 86_400;
  if (interval === 'week') return anchor + steps * 7 * 86_400;
  const months = interval === 'year' ? steps * 12 : steps;
  const totalMonths = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(totalMonths / 12);
  const monthIndex = totalMonths % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, monthIndex));
  return (
    Date.UTC(year, monthIndex, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()) / 1000
  );
}
