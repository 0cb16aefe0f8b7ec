// @vitest-environment node
import { describe, expect, it } from 'vitest';

describe('@billing-kit/ui entry point', () => {
  it('imports where there is no DOM (server rendering), without touching window', async () => {
    expect(typeof window).toBe('undefined');

    const kit = await import('./index.js');

    expect(kit.BillingProvider).toBeTypeOf('function');
    expect(kit.PricingTable).toBeTypeOf('function');
    expect(kit.Checkout).toBeTypeOf('function');
    expect(kit.createBillingClient({}).baseUrl).toBe('/api/billing');
  });
});
