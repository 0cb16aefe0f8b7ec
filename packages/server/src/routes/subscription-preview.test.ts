import {
  ApiErrorBodySchema,
  PreviewSubscriptionResponseSchema,
  StartSubscriptionResponseSchema,
  SubscriptionResponseSchema,
} from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingTestEnv,
  jsonPost,
  paymentIntentIdOf,
  startBillingTestEnv,
} from '../../test/billing-test-env.js';
import { countingStripe } from '../../test/counting-stripe.js';

let env: BillingTestEnv;
let trialPriceId: string;
let trialProductId: string;
beforeAll(async () => {
  env = await startBillingTestEnv();
  const product = await env.stripe.products.create({ name: 'Pro trial' });
  const price = await env.stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 2000,
    recurring: { interval: 'month', trial_period_days: 14 },
  });
  trialProductId = product.id;
  trialPriceId = price.id;
  await env.stripe.coupons.create({ id: 'QUARTER', percent_off: 25, duration: 'forever', name: '25% off' });
  await env.stripe.coupons.create({ id: 'FIRST5', amount_off: 500, currency: 'usd', duration: 'once' });
  await env.stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: 'QUARTER' },
    code: 'SAVE25',
  });
  await env.stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: 'FIRST5' },
    code: 'WELCOME5',
  });
  await env.stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: 'QUARTER' },
    code: 'OLDCODE',
    active: false,
  });
});
afterAll(async () => {
  await env?.close();
});

function post(path: string, customerId: string, body: unknown, billing = env.billing) {
  return billing.handler(
    new Request(`${env.apiUrl}${path}`, {
      ...jsonPost(body),
      headers: { 'content-type': 'application/json', 'x-test-customer': customerId },
    }),
  );
}

async function preview(customerId: string, body: unknown, billing = env.billing) {
  const response = await post('/subscriptions/preview', customerId, body, billing);
  expect(response.status, await response.clone().text()).toBe(200);
  return PreviewSubscriptionResponseSchema.parse(await response.json());
}

describe('previewing a new subscription', () => {
  it('shows the lines, total due today and the renewal, and creates nothing', async () => {
    const customerId = await env.createCustomer();
    const result = await preview(customerId, { priceId: env.catalog.team.seatPriceId, quantity: 3 });
    expect(result).toMatchObject({
      currency: 'usd',
      subtotal: 4500,
      discount: null,
      discountAmount: 0,
      tax: 0,
      totalDueToday: 4500,
      trialEnd: null,
      renewal: { amount: 4500 },
    });
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]?.amount).toBe(4500);
    expect(result.renewal.date).toBe(result.lines[0]?.period.end);
    expect((await env.stripe.subscriptions.list({ customer: customerId })).data).toHaveLength(0);
  });

  it('applies a promotion code: a forever discount renews, a once discount does not', async () => {
    const customerId = await env.createCustomer();
    const forever = await preview(customerId, {
      priceId: env.catalog.starter.monthlyPriceId,
      promotionCode: 'save25',
    });
    expect(forever).toMatchObject({
      discount: { promotionCode: 'SAVE25', percentOff: 25, duration: 'forever', name: '25% off' },
      discountAmount: 250,
      totalDueToday: 750,
      renewal: { amount: 750 },
    });
    const once = await preview(customerId, {
      priceId: env.catalog.starter.monthlyPriceId,
      promotionCode: 'WELCOME5',
    });
    expect(once).toMatchObject({ discountAmount: 500, totalDueToday: 500, renewal: { amount: 1000 } });
  });

  it('refuses an unknown or inactive promotion code with 400 invalid_promotion_code in plain words', async () => {
    const customerId = await env.createCustomer();
    for (const promotionCode of ['NOPE', 'OLDCODE']) {
      const response = await post('/subscriptions/preview', customerId, {
        priceId: env.catalog.starter.monthlyPriceId,
        promotionCode,
      });
      expect(response.status).toBe(400);
      expect(ApiErrorBodySchema.parse(await response.json()).error).toEqual({
        code: 'invalid_promotion_code',
        message: 'This promotion code is not valid.',
        field: 'promotionCode',
      });
    }
    const malformed = await post('/subscriptions/preview', customerId, {
      priceId: env.catalog.starter.monthlyPriceId,
      promotionCode: 'no spaces!',
    });
    expect(malformed.status).toBe(400);
    expect(ApiErrorBodySchema.parse(await malformed.json()).error.field).toBe('promotionCode');
  });

  it('adds the configured tax rates', async () => {
    const customerId = await env.createCustomer();
    const rate = await env.stripe.taxRates.create({
      display_name: 'VAT',
      percentage: 20,
      inclusive: false,
    });
    const taxed = env.createBillingWith({ defaultTaxRates: [rate.id] });
    const result = await preview(customerId, { priceId: env.catalog.starter.monthlyPriceId }, taxed);
    expect(result).toMatchObject({
      subtotal: 1000,
      tax: 200,
      totalDueToday: 1200,
      renewal: { amount: 1200 },
    });
  });

  it('shows nothing due today during a trial, and the first charge at the trial end', async () => {
    const customerId = await env.createCustomer();
    const billing = env.createBillingWith({
      catalog: { plans: [{ productId: trialProductId }] },
    });
    await billing.syncCatalog();
    const result = await preview(customerId, { priceId: trialPriceId, promotionCode: 'WELCOME5' }, billing);
    expect(result.totalDueToday).toBe(0);
    expect(result.trialEnd).not.toBeNull();
    expect(result.renewal).toEqual({ date: result.trialEnd, amount: 1500 });
  });

  it('refuses prices outside the catalog without calling Stripe', async () => {
    const customerId = await env.createCustomer();
    const counting = countingStripe(env.emulator);
    const billing = env.createBillingWith({ stripe: counting.stripe });
    const response = await post('/subscriptions/preview', customerId, { priceId: trialPriceId }, billing);
    expect(response.status).toBe(400);
    expect(ApiErrorBodySchema.parse(await response.json()).error.field).toBe('priceId');
    expect(counting.calls).toEqual([]);
  });
});

describe('starting with a promotion code or a trial, then confirming', () => {
  it('starts with the discount applied and /confirm mirrors the paid subscription without waiting for webhooks', async () => {
    const customerId = await env.createCustomer();
    const response = await post('/subscriptions', customerId, {
      priceId: env.catalog.starter.monthlyPriceId,
      promotionCode: 'SAVE25',
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const started = StartSubscriptionResponseSchema.parse(await response.json());
    expect(started).toMatchObject({ intentType: 'payment', amountDue: 750 });

    // No webhook reaches the server: only the eager sync of /confirm can make the mirror active.
    await env.emulator.control.dropNextDeliveries({ count: 1_000 });
    try {
      await env.stripe.paymentIntents.confirm(paymentIntentIdOf(started.clientSecret ?? ''), {
        payment_method: 'pm_card_visa',
      });
      const confirmed = await post(`/subscriptions/${started.subscriptionId}/confirm`, customerId, {});
      expect(confirmed.status).toBe(200);
      expect(SubscriptionResponseSchema.parse(await confirmed.json()).subscription).toMatchObject({
        id: started.subscriptionId,
        status: 'active',
        latestInvoiceStatus: 'paid',
        nextInvoice: { amount: 750 },
        pastDueSince: null,
      });
    } finally {
      await env.emulator.control.clearFaults();
    }
  });

  it('answers a SetupIntent secret for a trial, nothing being due now', async () => {
    const customerId = await env.createCustomer();
    const billing = env.createBillingWith({ catalog: { plans: [{ productId: trialProductId }] } });
    const response = await post('/subscriptions', customerId, { priceId: trialPriceId }, billing);
    expect(response.status, await response.clone().text()).toBe(200);
    const started = StartSubscriptionResponseSchema.parse(await response.json());
    expect(started).toMatchObject({ status: 'trialing', intentType: 'setup', amountDue: 0 });
    expect(started.clientSecret).toMatch(/^seti_.+_secret_/);

    const confirmed = await post(`/subscriptions/${started.subscriptionId}/confirm`, customerId, {}, billing);
    expect(SubscriptionResponseSchema.parse(await confirmed.json()).subscription).toMatchObject({
      status: 'trialing',
      nextInvoice: { amount: 2000 },
    });
  });

  it('refuses an invalid promotion code before creating anything', async () => {
    const customerId = await env.createCustomer();
    const response = await post('/subscriptions', customerId, {
      priceId: env.catalog.starter.monthlyPriceId,
      promotionCode: 'NOPE',
    });
    expect(response.status).toBe(400);
    expect(ApiErrorBodySchema.parse(await response.json()).error.code).toBe('invalid_promotion_code');
    expect((await env.stripe.subscriptions.list({ customer: customerId })).data).toHaveLength(0);
  });
});
