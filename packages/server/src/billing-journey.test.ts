import {
  CatalogResponseSchema,
  StartSubscriptionResponseSchema,
  SubscriptionsResponseSchema,
} from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingTestEnv,
  paymentIntentIdOf,
  startBillingTestEnv,
  TEST_CUSTOMER_HEADER,
  unreachableStripe,
} from '../test/billing-test-env.js';

let env: BillingTestEnv;
beforeAll(async () => {
  env = await startBillingTestEnv();
});
afterAll(async () => {
  await env?.close();
});

describe('a new customer subscribing monthly', () => {
  it('sees the catalog, starts, pays with the Payment Element, and reads the plan as active from the mirror', async () => {
    const customerId = await env.createCustomer();

    // Given the catalog synced from Stripe, when a signed-out visitor opens the pricing page
    const signedOut = CatalogResponseSchema.parse(await (await env.call('/catalog')).json());
    expect(signedOut.currentPriceId).toBeNull();
    expect(signedOut.plans.map((plan) => plan.name)).toEqual(['Starter', 'Team']);
    const starter = signedOut.plans[0];
    expect(starter?.features).toEqual(['1 project']);
    expect(starter?.prices.map((price) => [price.interval, price.unitAmount])).toEqual([
      ['month', 1000],
      ['year', 10000],
    ]);
    expect(signedOut.plans[1]).toMatchObject({
      perSeat: true,
      highlighted: true,
      entitlements: ['projects', 'sso'],
    });

    // When the customer starts the monthly plan
    const startResponse = await env.start(
      customerId,
      { priceId: env.catalog.starter.monthlyPriceId },
      'checkout-1',
    );
    expect(startResponse.status).toBe(200);
    const started = StartSubscriptionResponseSchema.parse(await startResponse.json());
    expect(started).toMatchObject({
      status: 'incomplete',
      intentType: 'payment',
      amountDue: 1000,
      currency: 'usd',
    });
    expect(started.clientSecret).toMatch(/^pi_.+_secret_/);

    // And pays: the browser confirms the invoice's PaymentIntent (done here through the SDK)
    const clientSecret = started.clientSecret ?? '';
    const paymentIntent = await env.stripe.paymentIntents.confirm(paymentIntentIdOf(clientSecret), {
      payment_method: 'pm_card_visa',
    });
    expect(paymentIntent.status).toBe('succeeded');
    await env.emulator.flushWebhooks();

    // Then the server's own mirror, written by the webhooks, shows the plan as active
    const listed = SubscriptionsResponseSchema.parse(
      await (await env.call('/subscriptions', { customerId })).json(),
    );
    expect(listed.subscriptions).toHaveLength(1);
    const [subscription] = listed.subscriptions;
    expect(subscription).toMatchObject({
      id: started.subscriptionId,
      status: 'active',
      planId: env.catalog.starter.productId,
      planName: 'Starter',
      priceId: env.catalog.starter.monthlyPriceId,
      interval: 'month',
      currency: 'usd',
      unitAmount: 1000,
      quantity: 1,
      cancelAtPeriodEnd: false,
      trialEnd: null,
    });
    expect(subscription?.currentPeriodEnd).toBeGreaterThan(subscription?.currentPeriodStart ?? Infinity);

    // And the webhook ledger holds the events that got it there, applied
    const ledger = await env.store.listWebhookEvents();
    const applied = ledger.filter((event) => event.appliedAt !== null).map((event) => event.type);
    expect(applied).toContain('invoice.paid');
    expect(ledger.every((event) => event.lastError === null)).toBe(true);

    // And the catalog now marks the current price
    const signedIn = CatalogResponseSchema.parse(await (await env.call('/catalog', { customerId })).json());
    expect(signedIn.currentPriceId).toBe(env.catalog.starter.monthlyPriceId);
  });

  it('serves the catalog and subscriptions from the mirror even when Stripe is unreachable', async () => {
    const customerId = await env.createCustomer();
    await env.subscribeAndPay(customerId, env.catalog.starter.yearlyPriceId);

    const offline = env.createBillingWith({ stripe: await unreachableStripe() });
    const headers = { [TEST_CUSTOMER_HEADER]: customerId };
    const catalog = await offline.handler(new Request('http://host/api/billing/catalog', { headers }));
    expect(catalog.status).toBe(200);
    expect(CatalogResponseSchema.parse(await catalog.json()).currentPriceId).toBe(
      env.catalog.starter.yearlyPriceId,
    );
    const subscriptions = await offline.handler(
      new Request('http://host/api/billing/subscriptions', { headers }),
    );
    expect(subscriptions.status).toBe(200);
    expect(SubscriptionsResponseSchema.parse(await subscriptions.json()).subscriptions[0]?.status).toBe(
      'active',
    );
  });

  it('refuses a second subscription once one is active', async () => {
    const customerId = await env.createCustomer();
    await env.subscribeAndPay(customerId, env.catalog.starter.monthlyPriceId);

    const second = await env.start(
      customerId,
      { priceId: env.catalog.team.seatPriceId, quantity: 2 },
      'another',
    );
    expect(second.status).toBe(409);
    expect((await second.json()).error.code).toBe('conflict');
    const inStripe = await env.stripe.subscriptions.list({ customer: customerId, status: 'all' });
    expect(inStripe.data).toHaveLength(1);
  });
});
