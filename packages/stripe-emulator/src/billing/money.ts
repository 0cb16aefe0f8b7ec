import type Stripe from 'stripe';

/** Currencies whose amounts have no minor unit: `unit_amount: 1000` in JPY is ¥1,000 (Stripe's list). */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/**
 * `numerator / denominator` rounded to the nearest integer, halves away from zero, computed exactly (BigInt):
 * `price * quantity * seconds` overflows doubles' exact range for large amounts.
 */
export function divideRounded(numerator: number, denominator: number): number {
  if (denominator === 0)
    throw new Error('divideRounded: division by zero (a zero-length period?). This is an emulator bug.');
  const negative = numerator < 0 !== denominator < 0;
  const n = BigInt(Math.abs(Math.trunc(numerator)));
  const d = BigInt(Math.abs(Math.trunc(denominator)));
  let quotient = n / d;
  if ((n % d) * 2n >= d) quotient += 1n;
  const result = Number(quotient);
  return negative ? -result : result;
}

/** Rounds a fractional amount of minor units to an integer, halves away from zero. */
export function roundHalfAwayFromZero(value: number): number {
  // The epsilon absorbs binary noise such as 12.5 arriving as 12.499999999.
  const rounded = Math.round(Math.abs(value) + 1e-9);
  return value < 0 ? -rounded : rounded;
}

/** How much `quantity` units of a tiered price cost (graduated: tier by tier; volume: all units at one tier). */
export function tieredAmount(
  mode: Stripe.Price.TiersMode,
  tiers: readonly Stripe.Price.Tier[],
  quantity: number,
): number {
  if (quantity <= 0) return 0;
  if (mode === 'volume') {
    const tier = tiers.find((candidate) => candidate.up_to === null || quantity <= candidate.up_to);
    if (!tier) return 0;
    return (tier.unit_amount ?? 0) * quantity + (tier.flat_amount ?? 0);
  }
  let total = 0;
  let previousLimit = 0;
  for (const tier of tiers) {
    if (quantity <= previousLimit) break;
    const limit = tier.up_to ?? Number.POSITIVE_INFINITY;
    const units = Math.min(quantity, limit) - previousLimit;
    total += (tier.unit_amount ?? 0) * units + (tier.flat_amount ?? 0);
    previousLimit = limit;
  }
  return total;
}

/** The full-period amount of `quantity` of `price`, per unit or tiered (tiers read from the side table). */
export function priceAmount(
  price: Stripe.Price,
  quantity: number,
  tiers: readonly Stripe.Price.Tier[] | undefined,
): number {
  if (price.billing_scheme === 'tiered') {
    return tieredAmount(price.tiers_mode ?? 'graduated', tiers ?? [], quantity);
  }
  return (price.unit_amount ?? 0) * quantity;
}

/** `2000, 'usd'` -> `$20.00`; `1000, 'jpy'` -> `¥1,000`: for invoice line descriptions and the hosted page. */
export function formatAmount(amount: number, currency: string): string {
  const digits = ZERO_DECIMAL_CURRENCIES.has(currency) ? 0 : 2;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount / 10 ** digits);
  } catch {
    return `${(amount / 10 ** digits).toFixed(digits)} ${currency.toUpperCase()}`;
  }
}

/** `27 Nov 2026`, in UTC, as Stripe's proration line descriptions print dates. */
export function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
