import type { Locator } from 'playwright-core';

const longDateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' });

/** A unix time as the kit shows dates in the demo (en-US, long, UTC): "March 1, 2027". */
export function longDate(unixSeconds: number): string {
  return longDateFormat.format(new Date(unixSeconds * 1000));
}

/** Minor units of USD as the kit shows money: 2900 -> "$29.00". */
export function usd(cents: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);
}

/** Parses money as shown ("$1,234.56") back to minor units. */
export function centsOf(shown: string): number {
  const match = /-?\$[\d,]+\.\d{2}/.exec(shown);
  if (!match) throw new Error(`No dollar amount in "${shown}"`);
  return Math.round(Number(match[0].replace(/[$,]/g, '')) * 100);
}

/** The `<dd>` of a description list entry whose `<dt>` reads `term`, inside `scope`. */
export function termValue(scope: Locator, term: string): Locator {
  return scope
    .locator('div')
    .filter({
      has: scope
        .page()
        .getByRole('term')
        .filter({ hasText: new RegExp(`^${term}$`) }),
    })
    .last()
    .getByRole('definition');
}
