import { ApiErrorBodySchema, MAX_QUANTITY } from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingTestEnv, jsonPost, startBillingTestEnv } from '../../test/billing-test-env.js';

let env: BillingTestEnv;
let customerId: string;
beforeAll(async () => {
  env = await startBillingTestEnv();
  customerId = await env.createCustomer();
});
afterAll(async () => {
  await env?.close();
});

/** Parses an error body with core's schema and checks it carries nothing internal. */
async function errorOf(response: Response) {
  const text = await response.text();
  expect(text).not.toMatch(/sk_test|whsec_|\bat .+:\d+:\d+|stack|Stripe[A-Z]\w+Error/);
  return ApiErrorBodySchema.parse(JSON.parse(text)).error;
}

async function subscriptionsInStripe() {
  return (await env.stripe.subscriptions.list({ customer: customerId, status: 'all' })).data;
}

describe('given nobody is signed in', () => {
  it('answers 401 unauthenticated to the subscription routes', async () => {
    const list = await env.call('/subscriptions');
    expect(list.status).toBe(401);
    expect((await errorOf(list)).code).toBe('unauthenticated');

    const start = await env.start(null, { priceId: env.catalog.starter.monthlyPriceId });
    expect(start.status).toBe(401);
    expect((await errorOf(start)).code).toBe('unauthenticated');
  });

  it('still serves the catalog', async () => {
    const response = await env.call('/catalog');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('given a signed-in customer sending a bad start request', () => {
  it('answers 400 invalid_request naming the field for a body failing the schema', async () => {
    const missing = await env.start(customerId, { quantity: 1 });
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toMatchObject({ code: 'invalid_request', field: 'priceId' });

    const tooMany = await env.start(customerId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: MAX_QUANTITY + 1,
    });
    expect(await errorOf(tooMany)).toMatchObject({ code: 'invalid_request', field: 'quantity' });
  });

  it('refuses a customer id smuggled in the body', async () => {
    const response = await env.start(customerId, {
      priceId: env.catalog.starter.monthlyPriceId,
      customer: 'cus_someone_else',
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'invalid_request', field: 'customer' });
  });

  it('answers 400 to malformed JSON and to a body not sent as JSON', async () => {
    const malformed = await env.call('/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"priceId": ',
      customerId,
    });
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).code).toBe('invalid_request');

    const formPost = await env.call('/subscriptions', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ priceId: env.catalog.starter.monthlyPriceId }),
      customerId,
    });
    expect(formPost.status).toBe(400);
    expect((await errorOf(formPost)).code).toBe('invalid_request');
  });

  it('refuses a price outside the catalog without sending it to Stripe', async () => {
    // A real, active price of the account that the host did not put in the catalog.
    const hidden = await env.stripe.products.create({ name: 'Internal' });
    const hiddenPrice = await env.stripe.prices.create({
      product: hidden.id,
      currency: 'usd',
      unit_amount: 1,
      recurring: { interval: 'month' },
    });
    for (const priceId of ['price_does_not_exist', hiddenPrice.id]) {
      const response = await env.start(customerId, { priceId });
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: 'invalid_request', field: 'priceId' });
    }
    expect(await subscriptionsInStripe()).toHaveLength(0);
  });

  it('refuses more than one seat on a plan that is not per seat', async () => {
    const response = await env.start(customerId, {
      priceId: env.catalog.starter.monthlyPriceId,
      quantity: 3,
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: 'invalid_request', field: 'quantity' });
    expect(await subscriptionsInStripe()).toHaveLength(0);
  });

  it('answers 413 to a body over 64 KB', async () => {
    const response = await env.call('/subscriptions', {
      ...jsonPost({ priceId: env.catalog.starter.monthlyPriceId, padding: 'x'.repeat(70 * 1024) }),
      customerId,
    });
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('payload_too_large');
  });

  it('answers 413 to an oversized body streamed without a length', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1;
        if (sent > 8) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await env.billing.handler(
      new Request(`${env.apiUrl}/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-customer': customerId },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
  });
});

describe('given a request outside the routes', () => {
  it('answers 404 not_found to an unknown path, inside or outside the base path', async () => {
    for (const url of [`${env.apiUrl}/nope`, `${env.apiUrl.replace('/api/billing', '')}/api/other/catalog`]) {
      const response = await fetch(url);
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe('not_found');
    }
  });

  it('answers 405 method_not_allowed with Allow to a known path asked with another method', async () => {
    const response = await env.call('/catalog', { method: 'DELETE', customerId });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect((await errorOf(response)).code).toBe('method_not_allowed');

    const webhookGet = await env.call('/webhooks');
    expect(webhookGet.status).toBe(405);
  });
});

describe('given a failing host callback', () => {
  it('answers 500 internal_error without the error and reports it to onError', async () => {
    const reported: unknown[] = [];
    const billing = env.createBillingWith({
      resolveCustomer: () => {
        throw new Error('session store down at db.internal:5432');
      },
      onError: (error) => reported.push(error),
    });
    const response = await billing.handler(new Request(`${env.apiUrl}/subscriptions`));
    expect(response.status).toBe(500);
    const error = await errorOf(response);
    expect(error.code).toBe('internal_error');
    expect(error.message).not.toContain('db.internal');
    expect(reported).toHaveLength(1);
  });
});
