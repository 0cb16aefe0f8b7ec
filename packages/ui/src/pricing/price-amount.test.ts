import type { Price } from '@billing-kit/core';
import { describe, expect, it } from 'vitest';
import { priceAmount } from '../index.js';

const base: Price = {
  id: 'price_1',
  productId: 'prod_1',
  currency: 'usd',
  unitAmount: 1500,
  interval: 'month',
  intervalCount: 1,
  billingScheme: 'per_unit',
  tiersMode: null,
  tiers: [],
  lookupKey: null,
  trialPeriodDays: null,
};

const tiers = [
  { upTo: 5, unitAmount: 1000, flatAmount: null },
  { upTo: null, unitAmount: 800, flatAmount: 500 },
];

describe('priceAmount', () => {
  it('multiplies a per-seat price by the seats', () => {
    expect(priceAmount(base, 3)).toBe(4500);
  });

  it('bills every unit of a volume price at the tier the quantity falls into', () => {
    const volume: Price = { ...base, unitAmount: null, billingScheme: 'tiered', tiersMode: 'volume', tiers };
    expect(priceAmount(volume, 5)).toBe(5000);
    expect(priceAmount(volume, 7)).toBe(7 * 800 + 500);
  });

  it('bills each tier of a graduated price for the units inside it', () => {
    const graduated: Price = {
      ...base,
      unitAmount: null,
      billingScheme: 'tiered',
      tiersMode: 'graduated',
      tiers,
    };
    expect(priceAmount(graduated, 3)).toBe(3000);
    expect(priceAmount(graduated, 7)).toBe(5 * 1000 + 2 * 800 + 500);
  });
});
