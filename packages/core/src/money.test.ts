import { describe, expect, it } from 'vitest';
import { currencyFractionDigits, formatMoney, toMajorUnits } from './index.js';

describe('formatMoney', () => {
  it('formats cents as dollars', () => {
    expect(formatMoney(1999, 'usd')).toBe('$19.99');
  });

  it('treats JPY as a zero-decimal currency', () => {
    expect(currencyFractionDigits('jpy')).toBe(0);
    expect(toMajorUnits(500, 'jpy')).toBe(500);
    expect(formatMoney(500, 'jpy')).toBe('¥500');
  });

  it('follows the locale', () => {
    expect(formatMoney(1999, 'eur', { locale: 'de-DE' })).toBe('19,99\u00a0€');
  });

  it('drops .00 from whole amounts only when asked', () => {
    expect(formatMoney(2000, 'usd')).toBe('$20.00');
    expect(formatMoney(2000, 'usd', { trimWholeAmounts: true })).toBe('$20');
    expect(formatMoney(2050, 'usd', { trimWholeAmounts: true })).toBe('$20.50');
  });
});
