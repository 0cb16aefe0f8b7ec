import { StartSubscriptionResponseSchema, SubscriptionsResponseSchema } from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingTestEnv, startBillingTestEnv, unreachableStripe } from '../../test/billing-test-env.js';

let env: BillingTestEnv;
beforeAll(async () => {
  env = await startBillingTestEnv();
});
afterAll(async () => {
  await env?.close();
});

async function subscriptionsInStripe(customerId: string) {
  return (await env.stripe.subscriptions.list({ customer: customerId, status: 'all' })).data;
}

describe('starting a subscription', () => {
  it('creates one subscription for a double submit with the same Idempotency-Key', async () => {
    const customerId = await env.createCustomer();
    const body = { priceId: env.catalog.starter.monthlyPriceId };

    const [first, second] = await Promise.all([
      env.start(customerId, body, 'double-click'),
      env.start(customerId, body, 'double-click'),
    ]);
    const third = await env.start(customerId, body, 'double-click');

    const ids = [];
    for (const response of [first, second, third]) {
      expect(response.status).toBe(200);
      ids.push(StartSubscriptionResponseSchema.parse(await response.json()).subscriptionId);
    }
    expect(new Set(ids).size).toBe(1);
    expect(await subscriptionsInStripe(customerId)).toHaveLength(1);
  });

  it('answers a resend of the same start again once the subscription is live, and refuses any other start', async () => {
    const customerId = await env.createCustomer();
    const body = { priceId: env.catalog.starter.monthlyPriceId };
    const first = StartSubscriptionResponseSchema.parse(
      await (await env.start(customerId, body, 'answer-lost')).json(),
    );
    await env.stripe.paymentIntents.confirm(first.clientSecret?.split('_secret_')[0] ?? '', {
      payment_method: 'pm_card_visa',
    });
    await env.emulator.flushWebhooks();

    // The mirror now shows it active: a resend of that start (its answer was lost) is still the same action, and
    // gets the first answer replayed (like Stripe's own Idempotency-Key), not a refusal.
    const resent = await env.start(customerId, body, 'answer-lost');
    const another = await env.start(customerId, body, 'a-second-start');

    expect(resent.status, await resent.clone().text()).toBe(200);
    expect(resent.headers.get('idempotent-replayed')).toBe('true');
    expect(StartSubscriptionResponseSchema.parse(await resent.json())).toEqual(first);
    expect(another.status).toBe(409);
    expect(await subscriptionsInStripe(customerId)).toHaveLength(1);
  });

  it('never shares a key between customers using the same Idempotency-Key', async () => {
    const alice = await env.createCustomer();
    const bob = await env.createCustomer();
    const body = { priceId: env.catalog.starter.monthlyPriceId };
    const forAlice = StartSubscriptionResponseSchema.parse(
      await (await env.start(alice, body, 'same')).json(),
    );
    const forBob = StartSubscriptionResponseSchema.parse(await (await env.start(bob, body, 'same')).json());
    expect(forAlice.subscriptionId).not.toBe(forBob.subscriptionId);
    expect(await subscriptionsInStripe(bob)).toHaveLength(1);
  });

  it('charges per seat for a per-seat plan and mirrors the quantity at once', async () => {
    const customerId = await env.createCustomer();
    const response = await env.start(
      customerId,
      { priceId: env.catalog.team.seatPriceId, quantity: 3 },
      'seats',
    );
    expect(response.status).toBe(200);
    const started = StartSubscriptionResponseSchema.parse(await response.json());
    expect(started).toMatchObject({ intentType: 'payment', amountDue: 4500, status: 'incomplete' });

    // Written eagerly: the UI sees the incomplete subscription before any webhook arrives.
    const listed = SubscriptionsResponseSchema.parse(
      await (await env.call('/subscriptions', { customerId })).json(),
    );
    expect(listed.subscriptions).toEqual([
      expect.objectContaining({
        id: started.subscriptionId,
        status: 'incomplete',
        quantity: 3,
        planName: 'Team',
      }),
    ]);
  });

  it('answers 502 stripe_unavailable, retryable, when Stripe cannot be reached', async () => {
    const customerId = await env.createCustomer();
    const billing = env.createBillingWith({ stripe: await unreachableStripe() });
    const response = await billing.handler(
      new Request(`${env.apiUrl}/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-customer': customerId },
        body: JSON.stringify({ priceId: env.catalog.starter.monthlyPriceId }),
      }),
    );
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatchObject({ code: 'stripe_unavailable', retryable: true });
  });
});
