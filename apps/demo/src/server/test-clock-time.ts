const DAY_SECONDS = 86_400;

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * The same time on the same day next month (unix seconds), in UTC, as Stripe bills a monthly period: from the
 * 31st it lands on the last day of a shorter month. Advancing a test clock by exactly this reaches a monthly
 * subscription's renewal when it started at the clock's time.
 */
export function oneMonthLater(unixSeconds: number): number {
  const date = new Date(unixSeconds * 1000);
  const monthIndex = date.getUTCMonth() + 1;
  const year = date.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  return Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()) / 1000;
}

/** The same time tomorrow (unix seconds). */
export function oneDayLater(unixSeconds: number): number {
  return unixSeconds + DAY_SECONDS;
}
