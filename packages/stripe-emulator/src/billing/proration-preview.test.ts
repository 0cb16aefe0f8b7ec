import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createPayingCustomer, startEmulatorFixture } from '../../test/emulator-fixture.js';

const DAY = 86_400;
const START = Date.UTC(2026, 0, 15, 12) / 1000; // 15 Jan 2026: the period is 31 days
const PERIOD_END = Date.UTC(2026, 1, 15, 12) / 1000;
const CHANGE = START + 10 * DAY + 7 * 3_600 + 13; // an awkward second, so rounding matters

const { stripe } = await startEmulatorFixture({ apiKey: 'sk_test_proration' });

/** What must be identical between a preview and the invoice: every line's money and the totals. */
function billed(invoice: Stripe.Invoice) {
  return {
    lines: invoice.lines.data.map((line) => ({
      description: line.description,
      amount: line.amount,
      quantity: line.quantity,
      period: line.period,
      proration: line.parent?.subscription_item_details?.proration,
      price: line.pricing?.price_details?.price,
      discounts: (line.discount_amounts ?? []).map((entry) => entry.amount),
      taxes: line.taxes?.map((tax) => ({
        amount: tax.amount,
        taxable: tax.taxable_amount,
        behavior: tax.tax_behavior,
      })),
    })),
    subtotal: invoice.subtotal,
    total_discounts: invoice.total_discount_amounts?.map((entry) => entry.amount),
    total_taxes: invoice.total_taxes?.map((tax) => tax.amount),
    total: invoice.total,
    amount_due: invoice.amount_due,
  };
}

/** Stripe's documented proration, rounded half away from zero (all positive here). */
function prorated(amount: number, at: number): number {
  return Math.round((amount * (PERIOD_END - at)) / (PERIOD_END - START));
}

async function subscribedCustomer(options: {
  currency: string;
  basic: number;
  premium: number;
  quantity: number;
  taxRate?: { percentage: number; inclusive: boolean };
  coupon?: Stripe.CouponCreateParams;
}) {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
  const customer = await createPayingCustomer(stripe, clock.id);
  const product = await stripe.products.create({ name: 'Seats' });
  const basic = await stripe.prices.create({
    product: product.id,
    currency: options.currency,
    unit_amount: options.basic,
    recurring: { interval: 'month' },
  });
  const premium = await stripe.prices.create({
    product: product.id,
    currency: options.currency,
    unit_amount: options.premium,
    recurring: { interval: 'month' },
  });
  const taxRate = options.taxRate
    ? await stripe.taxRates.create({ display_name: 'Tax', ...options.taxRate })
    : undefined;
  const coupon = options.coupon ? await stripe.coupons.create(options.coupon) : undefined;
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: basic.id, quantity: options.quantity }],
    ...(taxRate ? { default_tax_rates: [taxRate.id] } : {}),
    ...(coupon ? { discounts: [{ coupon: coupon.id }] } : {}),
  });
  expect(subscription.status).toBe('active');
  await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: CHANGE + 500 });
  return { clock, customer, basic, premium, subscription, taxRate, coupon };
}

describe('given a per-seat subscription with a 20% coupon and an 8.25% exclusive tax', () => {
  it('when an upgrade with always_invoice is previewed and then made with the same proration_date, then the invoice equals the preview to the minor unit', async () => {
    const { customer, premium, subscription } = await subscribedCustomer({
      currency: 'usd',
      basic: 2000,
      premium: 5000,
      quantity: 3,
      taxRate: { percentage: 8.25, inclusive: false },
      coupon: { percent_off: 20, duration: 'forever' },
    });
    const itemId = subscription.items.data[0]?.id as string;
    const change = {
      items: [{ id: itemId, price: premium.id, quantity: 5 }],
      proration_date: CHANGE,
      proration_behavior: 'always_invoice' as const,
    };

    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: subscription.id,
      subscription_details: change,
    });
    const updated = await stripe.subscriptions.update(subscription.id, {
      ...change,
      expand: ['latest_invoice'],
    });
    const invoice = updated.latest_invoice as Stripe.Invoice;

    expect(billed(invoice)).toEqual(billed(preview));
    const credit = -prorated(2000 * 3, CHANGE);
    const charge = prorated(5000 * 5, CHANGE);
    expect(invoice.lines.data.map((line) => line.amount)).toEqual([credit, charge]);
    expect(invoice.lines.data.every((line) => line.parent?.subscription_item_details?.proration)).toBe(true);
    const discounts = [credit, charge].map(
      (amount) => Math.sign(amount) * Math.round(Math.abs(amount) * 0.2),
    );
    const taxes = [credit, charge].map((amount, index) => {
      const net = amount - (discounts[index] as number);
      return Math.sign(net) * Math.round(Math.abs(net) * 0.0825);
    });
    expect(invoice.lines.data.map((line) => line.discount_amounts?.[0]?.amount)).toEqual(discounts);
    expect(invoice.lines.data.map((line) => line.taxes?.[0]?.amount)).toEqual(taxes);
    const total =
      credit +
      charge -
      (discounts[0] as number) -
      (discounts[1] as number) +
      (taxes[0] as number) +
      (taxes[1] as number);
    expect(invoice.total).toBe(total);
    expect(invoice.amount_due).toBe(total);
    expect(invoice.status).toBe('paid');
    expect(updated.items.data[0]).toMatchObject({ id: itemId, quantity: 5 });
    expect(updated.items.data[0]?.price.id).toBe(premium.id);
  });

  it('when the change uses create_prorations, then the renewal invoice equals the preview of the upcoming invoice', async () => {
    const { clock, premium, subscription } = await subscribedCustomer({
      currency: 'usd',
      basic: 1000,
      premium: 3000,
      quantity: 2,
      taxRate: { percentage: 19, inclusive: false },
      coupon: { amount_off: 500, currency: 'usd', duration: 'forever' },
    });
    const change = {
      items: [{ id: subscription.items.data[0]?.id as string, price: premium.id }],
      proration_date: CHANGE,
    };
    const preview = await stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: change,
    });
    const updated = await stripe.subscriptions.update(subscription.id, change);
    expect(typeof updated.latest_invoice === 'string' && updated.latest_invoice).toBe(
      (await stripe.invoices.list({ subscription: subscription.id })).data[0]?.id,
    );
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: PERIOD_END + 60 });
    const [renewal] = (await stripe.invoices.list({ subscription: subscription.id })).data;

    expect(renewal?.billing_reason).toBe('subscription_cycle');
    expect(billed(renewal as Stripe.Invoice)).toEqual(billed(preview));
    expect(preview.lines.data.map((line) => line.parent?.subscription_item_details?.proration)).toEqual([
      true,
      true,
      false,
    ]);
    expect(preview.lines.data[2]?.amount).toBe(6000);
    expect(preview.total_discount_amounts?.[0]?.amount).toBe(500);
  });
});

describe('given a yen subscription with an inclusive 10% tax', () => {
  it('when upgraded with always_invoice, then preview and invoice agree and the amounts are whole yen', async () => {
    const { premium, subscription } = await subscribedCustomer({
      currency: 'jpy',
      basic: 980,
      premium: 1980,
      quantity: 7,
      taxRate: { percentage: 10, inclusive: true },
    });
    const change = {
      items: [{ id: subscription.items.data[0]?.id as string, price: premium.id }],
      proration_date: CHANGE,
      proration_behavior: 'always_invoice' as const,
    };
    const preview = await stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: change,
    });
    const invoice = (
      await stripe.subscriptions.update(subscription.id, { ...change, expand: ['latest_invoice'] })
    ).latest_invoice as Stripe.Invoice;

    expect(billed(invoice)).toEqual(billed(preview));
    const credit = -prorated(980 * 7, CHANGE);
    const charge = prorated(1980 * 7, CHANGE);
    expect(invoice.currency).toBe('jpy');
    expect(invoice.lines.data.map((line) => line.amount)).toEqual([credit, charge]);
    // Inclusive: the tax is inside the amount and the total does not grow.
    expect(invoice.total).toBe(credit + charge);
    expect(invoice.total_taxes?.[0]?.tax_behavior).toBe('inclusive');
    expect(invoice.total_taxes?.[0]?.amount).toBe(
      Math.sign(charge) * Math.round((Math.abs(charge) * 10) / 110) +
        Math.sign(credit) * Math.round((Math.abs(credit) * 10) / 110),
    );
    expect(invoice.total_excluding_tax).toBe(invoice.total - (invoice.total_taxes?.[0]?.amount as number));
    expect(invoice.lines.data[1]?.description).toBe('Remaining time on 7 × Seats after 25 Jan 2026');
  });
});

describe('given a subscription and a change date', () => {
  it('when proration_date is outside the current period, then the update is a 400 naming proration_date and nothing changes', async () => {
    const { premium, subscription } = await subscribedCustomer({
      currency: 'usd',
      basic: 1000,
      premium: 2000,
      quantity: 1,
    });
    const error = await stripe.subscriptions
      .update(subscription.id, {
        items: [{ id: subscription.items.data[0]?.id as string, price: premium.id }],
        proration_date: PERIOD_END + DAY,
      })
      .then(
        () => undefined,
        (caught: unknown) => caught as Stripe.errors.StripeError,
      );
    expect(error?.statusCode).toBe(400);
    expect(error?.param).toBe('proration_date');
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).not.toBe(
      premium.id,
    );
  });

  it('when downgraded with proration_behavior none, then no invoice is created and the price changes at once', async () => {
    const { basic, premium, subscription } = await subscribedCustomer({
      currency: 'usd',
      basic: 1000,
      premium: 2000,
      quantity: 1,
    });
    await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]?.id as string, price: premium.id }],
      proration_behavior: 'none',
    });
    const updated = await stripe.subscriptions.retrieve(subscription.id);
    expect(updated.items.data[0]?.price.id).toBe(premium.id);
    expect(updated.items.data[0]?.price.id).not.toBe(basic.id);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
  });
});

describe('given a customer whose card fails', () => {
  async function failingSetup() {
    const setup = await subscribedCustomer({ currency: 'usd', basic: 1000, premium: 4000, quantity: 1 });
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer: setup.customer.id,
    });
    await stripe.subscriptions.update(setup.subscription.id, { default_payment_method: failing.id });
    return { ...setup, failing };
  }

  it('when upgraded with pending_if_incomplete, then the change waits in pending_update and applies once the invoice is paid', async () => {
    const { customer, premium, subscription, basic } = await failingSetup();
    const itemId = subscription.items.data[0]?.id as string;
    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId, price: premium.id }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'pending_if_incomplete',
      expand: ['latest_invoice'],
    });
    expect(updated.items.data[0]?.price.id).toBe(basic.id);
    expect(updated.pending_update?.subscription_items?.[0]?.price.id).toBe(premium.id);
    expect(updated.status).toBe('active');
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe('open');

    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.invoices.pay(invoice.id, { payment_method: visa.id });

    const applied = await stripe.subscriptions.retrieve(subscription.id);
    expect(applied.pending_update).toBeNull();
    expect(applied.items.data[0]).toMatchObject({ id: itemId });
    expect(applied.items.data[0]?.price.id).toBe(premium.id);
    const events = await stripe.events.list({ type: 'customer.subscription.pending_update_applied' });
    expect(events.data).toHaveLength(1);
  });

  it('when upgraded with error_if_incomplete, then it is a 402 and neither the subscription nor the invoices change', async () => {
    const { basic, premium, subscription } = await failingSetup();
    const before = await stripe.invoices.list({ subscription: subscription.id });
    const eventsBefore = (await stripe.events.list({ limit: 100 })).data.length;
    const error = await stripe.subscriptions
      .update(subscription.id, {
        items: [{ id: subscription.items.data[0]?.id as string, price: premium.id }],
        proration_behavior: 'always_invoice',
        payment_behavior: 'error_if_incomplete',
      })
      .then(
        () => undefined,
        (caught: unknown) => caught as Stripe.errors.StripeError,
      );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error?.statusCode).toBe(402);
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data[0]?.price.id).toBe(basic.id);
    expect(after.status).toBe('active');
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(
      before.data.length,
    );
    expect((await stripe.events.list({ limit: 100 })).data.length).toBe(eventsBefore);
  });

  it('when subscribing with error_if_incomplete, then it is a 402 and no subscription exists', async () => {
    const { customer, premium, failing } = await failingSetup();
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    const count = (await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.length;
    await expect(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: premium.id }],
        payment_behavior: 'error_if_incomplete',
      }),
    ).rejects.toMatchObject({ statusCode: 402, decline_code: 'generic_decline' });
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toHaveLength(
      count,
    );
  });
});

describe('given a new customer and a promotion code', () => {
  it('when the first invoice is previewed, then subscribing with the same code produces the same invoice', async () => {
    const customer = await stripe.customers.create({ email: 'new@example.com' });
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    const price = await stripe.prices.create({
      currency: 'eur',
      unit_amount: 1299,
      recurring: { interval: 'month' },
      product_data: { name: 'Team' },
    });
    const coupon = await stripe.coupons.create({ percent_off: 15, duration: 'once' });
    const code = await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'WELCOME15',
    });
    const found = await stripe.promotionCodes.list({ code: 'WELCOME15' });
    expect(found.data.map((entry) => entry.id)).toEqual([code.id]);

    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: price.id, quantity: 4 }] },
      discounts: [{ promotion_code: code.id }],
    });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 4 }],
      discounts: [{ promotion_code: code.id }],
      expand: ['latest_invoice'],
    });

    expect(billed(subscription.latest_invoice as Stripe.Invoice)).toEqual(billed(preview));
    expect(preview.total).toBe(5196 - Math.round(5196 * 0.15));
    expect((await stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1);
  });
});
