import {
  ApiErrorBodySchema,
  CreateSetupIntentResponseSchema,
  PaymentMethodsResponseSchema,
} from '@billing-kit/core';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingTestEnv,
  jsonPost,
  startBillingTestEnv,
  TEST_CUSTOMER_HEADER,
} from '../../test/billing-test-env.js';
import type { Billing } from '../index.js';

let env: BillingTestEnv;
/** A billing API on its own SDK instance, whose every request to Stripe is counted. */
let counted: Billing;
let stripeCalls: string[] = [];
beforeAll(async () => {
  env = await startBillingTestEnv();
  const countingStripe = new Stripe('sk_test_billing_kit_server', { ...env.emulator.stripeOptions });
  countingStripe.on('request', (event: Stripe.RequestEvent) =>
    stripeCalls.push(`${event.method} ${event.path}`),
  );
  counted = env.createBillingWith({ stripe: countingStripe });
});
afterAll(async () => {
  await env?.close();
});

/** Calls the counted billing API as `customerId`; `stripeCalls` then lists what it asked Stripe. */
async function callCounted(customerId: string, path: string, init: RequestInit = {}) {
  stripeCalls = [];
  const headers = new Headers(init.headers);
  headers.set(TEST_CUSTOMER_HEADER, customerId);
  return counted.handler(new Request(`${env.apiUrl}${path}`, { ...init, headers }));
}

async function errorOf(response: Response) {
  const body = ApiErrorBodySchema.parse(await response.json());
  expect(JSON.stringify(body)).not.toMatch(/sk_test|whsec_|stack|at .+\.ts/);
  return body.error;
}

async function listCards(customerId: string) {
  const response = await env.call('/payment-methods', { customerId });
  expect(response.status).toBe(200);
  return PaymentMethodsResponseSchema.parse(await response.json()).paymentMethods;
}

/** Adds a card the way the Payment Element does: a SetupIntent from the API, confirmed with Stripe. */
async function addCard(customerId: string, testCard: string, options: { makeDefault?: boolean } = {}) {
  const created = await env.call('/payment-methods/setup-intent', { ...jsonPost({}), customerId });
  expect(created.status).toBe(200);
  const { setupIntentId, clientSecret } = CreateSetupIntentResponseSchema.parse(await created.json());
  expect(clientSecret).toMatch(/^seti_.+_secret_/);
  const confirmed = await env.stripe.setupIntents.confirm(setupIntentId, { payment_method: testCard });
  expect(confirmed.status).toBe('succeeded');
  const completed = await env.call('/payment-methods/setup-intent/complete', {
    ...jsonPost({ setupIntentId, makeDefault: options.makeDefault ?? false }),
    customerId,
  });
  expect(completed.status).toBe(200);
  return {
    paymentMethodId: confirmed.payment_method as string,
    cards: PaymentMethodsResponseSchema.parse(await completed.json()).paymentMethods,
  };
}

describe('adding a card', () => {
  it('saves a card confirmed through a SetupIntent and shows it at once, without waiting for webhooks', async () => {
    const customerId = await env.createCustomer();
    expect(await listCards(customerId)).toEqual([]);

    const { paymentMethodId, cards } = await addCard(customerId, 'pm_card_mastercard');
    expect(cards).toEqual([
      expect.objectContaining({ id: paymentMethodId, brand: 'mastercard', last4: '4444', expired: false }),
    ]);
    expect(await listCards(customerId)).toEqual(cards);

    // The webhooks (setup_intent.succeeded, payment_method.attached, customer.updated) agree with the eager write.
    await env.emulator.flushWebhooks();
    const afterWebhooks = await listCards(customerId);
    expect(afterWebhooks.map((card) => card.id)).toEqual([paymentMethodId]);
  });

  it('is kept right by webhooks alone when the client never completes the setup', async () => {
    const customerId = await env.createCustomer();
    const attached = await env.stripe.paymentMethods.attach('pm_card_visa', { customer: customerId });
    await env.emulator.flushWebhooks();
    expect((await listCards(customerId)).map((card) => [card.id, card.brand, card.last4])).toEqual([
      [attached.id, 'visa', '4242'],
    ]);

    await env.stripe.paymentMethods.detach(attached.id);
    await env.emulator.flushWebhooks();
    expect(await listCards(customerId)).toEqual([]);

    // Stripe's old `payment_method.attached` arriving late (as a delivery the ledger has not seen) is re-read:
    // the card stays removed.
    const attachedEvent = (
      await env.stripe.events.list({ type: 'payment_method.attached', limit: 100 })
    ).data.find((event) => (event.data.object as { id: string }).id === attached.id);
    expect(attachedEvent).toBeDefined();
    const late = JSON.stringify({ ...attachedEvent, id: `${attachedEvent?.id}_late` });
    const delivered = await env.billing.handler(
      new Request(`${env.apiUrl}/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': env.stripe.webhooks.generateTestHeaderString({
            payload: late,
            secret: env.webhookSecret,
          }),
        },
        body: late,
      }),
    );
    expect(delivered.status).toBe(200);
    expect(await listCards(customerId)).toEqual([]);
  });

  it("refuses to complete another customer's SetupIntent, without calling Stripe", async () => {
    const alice = await env.createCustomer();
    const bob = await env.createCustomer();
    const created = await env.call('/payment-methods/setup-intent', { ...jsonPost({}), customerId: alice });
    const { setupIntentId } = CreateSetupIntentResponseSchema.parse(await created.json());
    await env.stripe.setupIntents.confirm(setupIntentId, { payment_method: 'pm_card_visa' });

    const response = await callCounted(
      bob,
      '/payment-methods/setup-intent/complete',
      jsonPost({ setupIntentId }),
    );
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('not_found');
    expect(stripeCalls).toEqual([]);

    // The owner completes it: the counter does see the re-reads (one SetupIntent, three for the wallet).
    const owned = await callCounted(
      alice,
      '/payment-methods/setup-intent/complete',
      jsonPost({ setupIntentId }),
    );
    expect(owned.status).toBe(200);
    expect(stripeCalls).toContain(`GET /v1/setup_intents/${setupIntentId}`);
    expect(stripeCalls).toHaveLength(4);
  });

  it('answers 409 while the SetupIntent is not confirmed yet', async () => {
    const customerId = await env.createCustomer();
    const created = await env.call('/payment-methods/setup-intent', { ...jsonPost({}), customerId });
    const { setupIntentId } = CreateSetupIntentResponseSchema.parse(await created.json());
    const response = await env.call('/payment-methods/setup-intent/complete', {
      ...jsonPost({ setupIntentId }),
      customerId,
    });
    expect(response.status).toBe(409);
    expect((await errorOf(response)).code).toBe('conflict');
  });

  it('creates one SetupIntent for a double submit with the same Idempotency-Key', async () => {
    const customerId = await env.createCustomer();
    const send = () =>
      env.call('/payment-methods/setup-intent', {
        ...jsonPost({}, { 'Idempotency-Key': 'add-card-1' }),
        customerId,
      });
    const answers = await Promise.all([send(), send()]);
    const ids = [];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      ids.push(CreateSetupIntentResponseSchema.parse(await answer.json()).setupIntentId);
    }
    expect(new Set(ids).size).toBe(1);
    expect((await env.stripe.setupIntents.list({ customer: customerId })).data).toHaveLength(1);
  });

  it('refuses bodies with unknown fields, signed-out callers, and answers 502 when Stripe fails', async () => {
    const customerId = await env.createCustomer();
    const unknownField = await env.call('/payment-methods/setup-intent', {
      ...jsonPost({ customer: 'cus_someone_else' }),
      customerId,
    });
    expect(unknownField.status).toBe(400);
    expect(await errorOf(unknownField)).toMatchObject({ code: 'invalid_request', field: 'customer' });

    const signedOut = await env.call('/payment-methods/setup-intent', jsonPost({}));
    expect(signedOut.status).toBe(401);

    await env.emulator.control.failNextRequests({
      count: 1,
      status: 500,
      shouldRetry: false,
      method: 'POST',
      path: '/v1/setup_intents',
    });
    const outage = await env.call('/payment-methods/setup-intent', { ...jsonPost({}), customerId });
    expect(outage.status).toBe(502);
    expect(await errorOf(outage)).toMatchObject({ code: 'stripe_unavailable', retryable: true });
  });
});

describe('the default card', () => {
  it('moves the default on the customer and on the current subscription', async () => {
    const customerId = await env.createCustomer();
    const { subscriptionId } = await env.subscribeAndPay(customerId, env.catalog.starter.monthlyPriceId);
    const [paidWith] = await listCards(customerId);
    expect(paidWith).toMatchObject({ brand: 'visa', isDefault: true });

    const { paymentMethodId: mastercard } = await addCard(customerId, 'pm_card_mastercard');
    const response = await env.call(`/payment-methods/${mastercard}/default`, {
      ...jsonPost({}, { 'Idempotency-Key': 'default-1' }),
      customerId,
    });
    expect(response.status).toBe(200);
    const cards = PaymentMethodsResponseSchema.parse(await response.json()).paymentMethods;
    expect(cards.map((card) => [card.id, card.isDefault])).toEqual([
      [mastercard, true],
      [paidWith?.id, false],
    ]);

    const customer = await env.stripe.customers.retrieve(customerId);
    expect(!customer.deleted && customer.invoice_settings.default_payment_method).toBe(mastercard);
    const subscription = await env.stripe.subscriptions.retrieve(subscriptionId);
    expect(subscription.default_payment_method).toBe(mastercard);
  });

  it('is made the default even while the mirror still lists a subscription Stripe has just ended', async () => {
    const customerId = await env.createCustomer();
    const { subscriptionId } = await env.subscribeAndPay(customerId, env.catalog.starter.monthlyPriceId);
    // Stripe ends the subscription, and its webhooks are lost: the mirror still shows it active.
    await env.emulator.control.dropNextDeliveries({ count: 50 });
    await env.stripe.subscriptions.cancel(subscriptionId);
    await env.emulator.control.clearFaults();
    const mirrored = await env.store.getSubscriptions(customerId);
    expect(mirrored.find((subscription) => subscription.id === subscriptionId)?.status).toBe('active');

    const { paymentMethodId: mastercard } = await addCard(customerId, 'pm_card_mastercard', {
      makeDefault: true,
    });

    const customer = await env.stripe.customers.retrieve(customerId);
    expect(!customer.deleted && customer.invoice_settings.default_payment_method).toBe(mastercard);
    expect((await env.stripe.subscriptions.retrieve(subscriptionId)).status).toBe('canceled');
  });

  it("refuses another customer's card with 404 and never calls Stripe", async () => {
    const alice = await env.createCustomer();
    const bob = await env.createCustomer();
    const { paymentMethodId: alicesCard } = await addCard(alice, 'pm_card_visa');

    for (const [path, init] of [
      [`/payment-methods/${alicesCard}/default`, jsonPost({})],
      [`/payment-methods/${alicesCard}`, { method: 'DELETE' }],
      ['/payment-methods/not-a-card/default', jsonPost({})],
    ] as const) {
      const response = await callCounted(bob, path, init);
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe('not_found');
      expect(stripeCalls).toEqual([]);
    }
    expect((await listCards(alice)).map((card) => card.id)).toEqual([alicesCard]);
  });
});

describe('removing a card', () => {
  it('refuses to remove the only card of a subscribed customer, and removes a spare card', async () => {
    const customerId = await env.createCustomer();
    await env.subscribeAndPay(customerId, env.catalog.starter.monthlyPriceId);
    const [onlyCard] = await listCards(customerId);
    if (!onlyCard) throw new Error('The payment did not save its card.');

    const refused = await callCounted(customerId, `/payment-methods/${onlyCard.id}`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).code).toBe('payment_method_required');
    expect(stripeCalls).toEqual([]);

    // A spare card can go; the default one still cannot while the subscription is charged to it.
    const { paymentMethodId: spare } = await addCard(customerId, 'pm_card_mastercard');
    const stillRefused = await env.call(`/payment-methods/${onlyCard.id}`, { method: 'DELETE', customerId });
    expect(stillRefused.status).toBe(409);

    const removed = await env.call(`/payment-methods/${spare}`, {
      method: 'DELETE',
      headers: { 'Idempotency-Key': 'remove-spare' },
      customerId,
    });
    expect(removed.status).toBe(200);
    expect(
      PaymentMethodsResponseSchema.parse(await removed.json()).paymentMethods.map((card) => card.id),
    ).toEqual([onlyCard.id]);
    const inStripe = await env.stripe.customers.listPaymentMethods(customerId);
    expect(inStripe.data.map((method) => method.id)).toEqual([onlyCard.id]);

    // Sent again, the card is no longer the customer's: 404, Stripe untouched.
    const again = await callCounted(customerId, `/payment-methods/${spare}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(stripeCalls).toEqual([]);
  });

  it('removes the last card of a customer without a subscription', async () => {
    const customerId = await env.createCustomer();
    const { paymentMethodId } = await addCard(customerId, 'pm_card_visa', { makeDefault: true });
    const removed = await env.call(`/payment-methods/${paymentMethodId}`, { method: 'DELETE', customerId });
    expect(removed.status).toBe(200);
    expect(PaymentMethodsResponseSchema.parse(await removed.json()).paymentMethods).toEqual([]);
  });
});
