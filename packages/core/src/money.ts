/**
 * Money in billing-kit is always an integer amount in the currency's minor unit (cents for USD, yen for JPY),
 * exactly as Stripe stores it. Formatting goes through `Intl`, which knows each currency's number of decimals.
 */

const fractionDigitsCache = new Map<string, number>();

/**
 * How many decimals a currency has in Stripe's API. `Intl` knows ISO 4217; Stripe follows it for every currency the
 * kit formats (JPY and KRW have none, USD and EUR two), so the answer comes from there.
 */
export function currencyFractionDigits(currency: string): number {
  const code = currency.toUpperCase();
  let digits = fractionDigitsCache.get(code);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
      .maximumFractionDigits as number;
    fractionDigitsCache.set(code, digits);
  }
  return digits;
}

/** Converts a minor-unit amount (Stripe's `unit_amount`) to a major-unit number: 1999 USD -> 19.99, 500 JPY -> 500. */
export function toMajorUnits(amount: number, currency: string): number {
  return amount / 10 ** currencyFractionDigits(currency);
}

/** Options for {@link formatMoney}. */
export interface FormatMoneyOptions {
  /** BCP 47 locale, e.g. `en-US` or `de-DE`. Defaults to `en-US`. */
  locale?: string;
  /** Drop `.00` when the amount is whole (`$20` rather than `$20.00`). Defaults to false. */
  trimWholeAmounts?: boolean;
}

/**
 * Formats a minor-unit amount for an end customer: `formatMoney(1999, 'usd')` is `$19.99`,
 * `formatMoney(1999, 'eur', { locale: 'de-DE' })` is `19,99 €`, `formatMoney(500, 'jpy')` is `¥500`.
 */
export function formatMoney(amount: number, currency: string, options: FormatMoneyOptions = {}): string {
  const code = currency.toUpperCase();
  const major = toMajorUnits(amount, code);
  const whole = Number.isInteger(major);
  return new Intl.NumberFormat(options.locale ?? 'en-US', {
    style: 'currency',
    currency: code,
    ...(options.trimWholeAmounts && whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
  }).format(major);
}
