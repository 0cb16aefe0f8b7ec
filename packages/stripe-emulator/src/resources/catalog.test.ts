import { describe, expect, it } from 'vitest';
import { startEmulatorFixture } from '../../test/emulator-fixture.js';

const { stripe } = await startEmulatorFixture({ apiKey: 'sk_test_catalog' });

describe('given an empty account', () => {
  it('when a product and its prices are created, then they read back with Stripe ids and shapes', async () => {
    const product = await stripe.products.create({
      name: 'Pro',
      description: 'For growing teams',
      metadata: { tier: 'pro' },
      marketing_features: [{ name: 'Unlimited projects' }],
    });
    const monthly = await stripe.prices.create({
      product: product.id,
      currency: 'USD',
      unit_amount: 2000,
      recurring: { interval: 'month' },
      lookup_key: 'pro_monthly',
      metadata: { plan: 'pro' },
    });
    const yearly = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 20000,
      recurring: { interval: 'year' },
    });

    expect(product).toMatchObject({
      object: 'product',
      livemode: false,
      name: 'Pro',
      active: true,
      metadata: { tier: 'pro' },
      marketing_features: [{ name: 'Unlimited projects' }],
    });
    expect(product.id).toMatch(/^prod_/);
    expect(monthly).toMatchObject({
      object: 'price',
      product: product.id,
      currency: 'usd',
      unit_amount: 2000,
      type: 'recurring',
      lookup_key: 'pro_monthly',
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' },
    });
    expect(monthly.id).toMatch(/^price_/);
    expect(await stripe.products.retrieve(product.id)).toEqual(product);
    expect(await stripe.prices.retrieve(monthly.id)).toEqual(monthly);
    const prices = await stripe.prices.list({ product: product.id, active: true });
    expect(prices.object).toBe('list');
    expect(prices.url).toBe('/v1/prices');
    expect(prices.data.map((price) => price.id)).toEqual([yearly.id, monthly.id]);
    const byLookupKey = await stripe.prices.list({ lookup_keys: ['pro_monthly'], expand: ['data.product'] });
    expect(byLookupKey.data).toHaveLength(1);
    expect(byLookupKey.data[0]?.product).toMatchObject({ object: 'product', name: 'Pro' });
  });

  it('when listing with limit and starting_after, then pages follow Stripe cursors and has_more', async () => {
    const created: string[] = [];
    for (const name of ['A', 'B', 'C']) created.push((await stripe.products.create({ name })).id);

    const firstPage = await stripe.products.list({ limit: 2 });
    const secondPage = await stripe.products.list({
      limit: 2,
      starting_after: firstPage.data[1]?.id as string,
    });
    const all = await stripe.products.list().autoPagingToArray({ limit: 10 });

    expect(firstPage.data.map((product) => product.name)).toEqual(['C', 'B']);
    expect(firstPage.has_more).toBe(true);
    expect(secondPage.data.map((product) => product.name)).toEqual(['A']);
    expect(secondPage.has_more).toBe(false);
    expect(all.map((product) => product.id)).toEqual([...created].reverse());
  });

  it('when a lookup key is reused, then Stripe refuses unless transfer_lookup_key is set', async () => {
    const product = await stripe.products.create({ name: 'Pro' });
    const first = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 100,
      lookup_key: 'k',
    });

    await expect(
      stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 200, lookup_key: 'k' }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'lookup_key' });
    const second = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 200,
      lookup_key: 'k',
      transfer_lookup_key: true,
    });

    expect((await stripe.prices.retrieve(first.id)).lookup_key).toBeNull();
    expect(second.lookup_key).toBe('k');
  });

  it('when a price names a product that does not exist, then the error is resource_missing naming product', async () => {
    await expect(
      stripe.prices.create({ product: 'prod_missing', currency: 'usd', unit_amount: 100 }),
    ).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'product',
      message: "No such product: 'prod_missing'",
    });
  });
});
