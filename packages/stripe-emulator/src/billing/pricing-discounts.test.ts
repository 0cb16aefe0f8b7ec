import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createPayingCustomer, startEmulatorFixture } from '../../test/emulator-fixture.js';

const START = Date.UTC(2026, 2, 1, 9) / 1000; // 1 Mar 2026
const monthsLater = (months: number) => Date.UTC(2026, 2 + months, 1, 9) / 1000;

const { stripe } = await startEmulatorFixture({ apiKey: 'sk_test_pricing' });

const TIERS: Stripe.PriceCreateParams.Tier[] = [
  { up_to: 5, unit_amount: 1000 },
  { up_to: 10, unit_amount: 800, flat_amount: 500 },
  { up_to: 'inf', unit_amount: 500 },
];

async function firstInvoice(customerId: string, items: Stripe.SubscriptionCreateParams.Item[], extra = {}) {
  const subscription = await stripe.subscriptions.create({
    customer: customerId,
    items,
    ...extra,
    expand: ['latest_invoice'],
  });
  return subscription.latest_invoice as Stripe.Invoice;
}

describe('given tiered prices', () => {
  it('when 12 seats are billed, then graduated charges tier by tier and volume charges every seat at the reached tier', async () => {
    const customer = await createPayingCustomer(stripe);
    const product = await stripe.products.create({ name: 'Seats' });
    const graduated = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      recurring: { interval: 'month' },
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers: TIERS,
    });
    const volume = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      recurring: { interval: 'month' },
      billing_scheme: 'tiered',
      tiers_mode: 'volume',
      tiers: TIERS,
    });

    expect((await firstInvoice(customer.id, [{ price: graduated.id, quantity: 12 }])).amount_due).toBe(
      5 * 1000 + 5 * 800 + 500 + 2 * 500,
    );
    expect((await firstInvoice(customer.id, [{ price: volume.id, quantity: 12 }])).amount_due).toBe(12 * 500);
    expect((await firstInvoice(customer.id, [{ price: volume.id, quantity: 7 }])).amount_due).toBe(
      7 * 800 + 500,
    );
    expect((await firstInvoice(customer.id, [{ price: graduated.id, quantity: 3 }])).amount_due).toBe(3000);
  });

  it('when a tiered price is read, then tiers are only returned when expanded', async () => {
    const price = await stripe.prices.create({
      currency: 'usd',
      recurring: { interval: 'month' },
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers: TIERS,
      product_data: { name: 'Seats' },
    });
    expect(price.tiers).toBeUndefined();
    expect(price.unit_amount).toBeNull();
    const expanded = await stripe.prices.retrieve(price.id, { expand: ['tiers'] });
    expect(expanded.tiers?.map((tier) => tier.up_to)).toEqual([5, 10, null]);
    expect(expanded.tiers?.[1]).toMatchObject({ unit_amount: 800, flat_amount: 500 });
    const listed = await stripe.prices.list({ expand: ['data.tiers'] });
    expect(listed.data[0]?.tiers).toHaveLength(3);
  });

  it('when tiers are not ascending or the last one is bounded, then the price is a 400 naming the tier', async () => {
    await expect(
      stripe.prices.create({
        currency: 'usd',
        recurring: { interval: 'month' },
        billing_scheme: 'tiered',
        tiers_mode: 'volume',
        tiers: [
          { up_to: 5, unit_amount: 100 },
          { up_to: 3, unit_amount: 50 },
        ],
        product_data: { name: 'Bad' },
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'tiers[1][up_to]' });
  });
});

describe('given coupons of each duration', () => {
  it('when three months renew, then once applies to the first invoice, repeating for its months, forever to all', async () => {
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 1000,
      recurring: { interval: 'month' },
      product_data: { name: 'Plan' },
    });
    const once = await stripe.coupons.create({ percent_off: 50, duration: 'once' });
    const forever = await stripe.coupons.create({ amount_off: 100, currency: 'usd', duration: 'forever' });
    const repeating = await stripe.coupons.create({
      percent_off: 25,
      duration: 'repeating',
      duration_in_months: 2,
    });
    const subscriptions: Record<string, string> = {};
    for (const coupon of [once, forever, repeating]) {
      const customer = await createPayingCustomer(stripe, clock.id);
      const subscription = await stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id }],
        discounts: [{ coupon: coupon.id }],
      });
      subscriptions[coupon.duration] = subscription.id;
    }

    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: monthsLater(3) + 60 });

    const discountsOf = async (subscriptionId: string | undefined) =>
      (await stripe.invoices.list({ subscription: subscriptionId as string })).data
        .reverse()
        .map((invoice) =>
          (invoice.total_discount_amounts ?? []).reduce((sum, entry) => sum + entry.amount, 0),
        );
    expect(await discountsOf(subscriptions.once)).toEqual([500, 0, 0, 0]);
    expect(await discountsOf(subscriptions.forever)).toEqual([100, 100, 100, 100]);
    expect(await discountsOf(subscriptions.repeating)).toEqual([250, 250, 0, 0]);
    expect((await stripe.subscriptions.retrieve(subscriptions.once as string)).discounts).toEqual([]);
    expect((await stripe.coupons.retrieve(once.id)).times_redeemed).toBe(1);
  });

  it('when a discount is removed with discounts=[], then the next invoice is full price', async () => {
    const customer = await createPayingCustomer(stripe);
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 1000,
      recurring: { interval: 'month' },
      product_data: { name: 'Plan' },
    });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      discounts: [{ coupon: coupon.id }],
    });
    expect(subscription.discounts).toHaveLength(1);
    const cleared = await stripe.subscriptions.update(subscription.id, { discounts: '' });
    expect(cleared.discounts).toEqual([]);
    const preview = await stripe.invoices.createPreview({ subscription: subscription.id });
    expect(preview.total).toBe(1000);
  });
});

describe('given tax rates', () => {
  it('when a 20% exclusive rate applies, then tax is added on top; when inclusive, it is carved out of the price', async () => {
    const customer = await createPayingCustomer(stripe);
    const exclusive = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
    const inclusive = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: true });
    const price = await stripe.prices.create({
      currency: 'gbp',
      unit_amount: 1200,
      recurring: { interval: 'month' },
      product_data: { name: 'Plan' },
    });

    const added = await firstInvoice(customer.id, [{ price: price.id, tax_rates: [exclusive.id] }]);
    expect(added).toMatchObject({ subtotal: 1200, total: 1440, amount_due: 1440, total_excluding_tax: 1200 });
    expect(added.total_taxes?.[0]).toMatchObject({
      amount: 240,
      tax_behavior: 'exclusive',
      taxable_amount: 1200,
      tax_rate_details: { tax_rate: exclusive.id },
    });
    expect(added.lines.data[0]?.taxes?.[0]?.amount).toBe(240);

    const carved = await firstInvoice(customer.id, [{ price: price.id }], {
      default_tax_rates: [inclusive.id],
    });
    expect(carved).toMatchObject({
      subtotal: 1200,
      total: 1200,
      amount_due: 1200,
      total_excluding_tax: 1000,
    });
    expect(carved.total_taxes?.[0]).toMatchObject({
      amount: 200,
      tax_behavior: 'inclusive',
      taxable_amount: 1000,
    });
  });

  it('when a tax rate is archived, then it can no longer be applied', async () => {
    const customer = await createPayingCustomer(stripe);
    const rate = await stripe.taxRates.create({ display_name: 'Old', percentage: 5, inclusive: false });
    await stripe.taxRates.update(rate.id, { active: false });
    const price = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 100,
      recurring: { interval: 'month' },
      product_data: { name: 'Plan' },
    });
    await expect(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id }],
        default_tax_rates: [rate.id],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'default_tax_rates[0]' });
  });
});

describe('given the catalog', () => {
  it('when a price is archived and a product renamed, then lists and lookups reflect it', async () => {
    const product = await stripe.products.create({ name: 'Starter' });
    const monthly = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 900,
      recurring: { interval: 'month' },
      lookup_key: 'starter_monthly',
    });
    const yearly = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 9000,
      recurring: { interval: 'year' },
      lookup_key: 'starter_yearly',
    });

    const archived = await stripe.prices.update(monthly.id, {
      active: false,
      metadata: { reason: 'legacy' },
    });
    expect(archived).toMatchObject({ active: false, metadata: { reason: 'legacy' } });
    const active = await stripe.prices.list({ product: product.id, active: true });
    expect(active.data.map((price) => price.id)).toEqual([yearly.id]);
    const byKey = await stripe.prices.list({ lookup_keys: ['starter_monthly', 'starter_yearly'] });
    expect(byKey.data.map((price) => price.id).sort()).toEqual([monthly.id, yearly.id].sort());

    const renamed = await stripe.products.update(product.id, { name: 'Starter 2', active: false });
    expect(renamed).toMatchObject({ name: 'Starter 2', active: false });
    expect((await stripe.products.list({ active: true })).data).toHaveLength(0);
    const updated = await stripe.events.list({ type: 'product.updated' });
    expect(updated.data[0]?.data.previous_attributes).toMatchObject({ name: 'Starter', active: true });
  });

  it('when a yen price is billed, then amounts are whole yen with no minor unit', async () => {
    const customer = await createPayingCustomer(stripe);
    const price = await stripe.prices.create({
      currency: 'jpy',
      unit_amount: 1500,
      recurring: { interval: 'month' },
      product_data: { name: 'Plan' },
    });
    const invoice = await firstInvoice(customer.id, [{ price: price.id, quantity: 3 }]);
    expect(invoice).toMatchObject({ currency: 'jpy', amount_due: 4500, status: 'paid' });
    expect(invoice.lines.data[0]?.description).toBe('3 × Plan (at ¥1,500 / month)');
  });
});
