import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useBilling, useCheckoutSummary, usePricingTable } from '../index.js';

describe('hooks outside <BillingProvider>', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each<[string, () => unknown]>([
    ['useBilling', () => useBilling()],
    ['usePricingTable', () => usePricingTable()],
    ['useCheckoutSummary', () => useCheckoutSummary({ priceId: 'price_1' })],
  ])('%s throws an error naming the hook and BillingProvider', (name, hook) => {
    // React reports the render error to the console before rethrowing it; keep the test output readable.
    vi.spyOn(console, 'error').mockImplementation(() => {});

    expect(() => renderHook(hook)).toThrow(`${name} must be used inside <BillingProvider>`);
  });
});
