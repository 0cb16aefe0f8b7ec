import { billingRoutes } from '@billing-kit/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { catalogResponse } from '../../test/catalog-fixture.js';
import { createFakeBillingFetch, jsonResponse } from '../../test/fake-billing-fetch.js';
import { BillingApiError, createBillingClient } from '../index.js';

const baseUrl = 'http://shop.test/api/billing';

const started = {
  subscriptionId: 'sub_1',
  status: 'incomplete',
  intentType: 'payment',
  clientSecret: 'pi_1_secret_abc',
  amountDue: 2000,
  currency: 'usd',
};

describe('createBillingClient', () => {
  it('given a valid response, returns the parsed catalog', async () => {
    const fake = createFakeBillingFetch({ 'GET /catalog': [jsonResponse(catalogResponse())] });
    const client = createBillingClient({ baseUrl, fetch: fake.fetch });

    const catalog = await client.getCatalog();

    expect(catalog.plans.map((plan) => plan.name)).toEqual(['Basic', 'Pro', 'Team']);
    expect(fake.requests[0]?.headers.get('idempotency-key')).toBeNull();
  });

  it('given a malformed response, rejects with invalid_response naming the offending field', async () => {
    const malformed = { plans: [{ id: 'prod_1', name: 'Pro' }], currentPriceId: null };
    const fake = createFakeBillingFetch({ 'GET /catalog': [jsonResponse(malformed)] });
    const client = createBillingClient({ baseUrl, fetch: fake.fetch });

    const error = await client.getCatalog().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BillingApiError);
    expect(error).toMatchObject({ code: 'invalid_response', status: 200 });
    expect((error as Error).message).toContain('plans.0.');
  });

  it('given an HTML page instead of the API, rejects with a message pointing at the base URL', async () => {
    const html = new Response('<!doctype html><p>Not found</p>', { status: 404 });
    const fake = createFakeBillingFetch({ 'GET /catalog': [html] });
    const client = createBillingClient({ baseUrl, fetch: fake.fetch });

    await expect(client.getCatalog()).rejects.toMatchObject({
      code: 'invalid_response',
      status: 404,
      message: expect.stringContaining(`mounted at "${baseUrl}"`),
    });
  });

  it('given an error body, rejects with its code, message and field', async () => {
    const body = {
      error: { code: 'invalid_request', message: 'This price is not offered.', field: 'priceId' },
    };
    const fake = createFakeBillingFetch({ 'POST /subscriptions': [jsonResponse(body, 400)] });
    const client = createBillingClient({ baseUrl, fetch: fake.fetch });

    await expect(client.startSubscription({ priceId: 'price_x' })).rejects.toMatchObject({
      name: 'BillingApiError',
      code: 'invalid_request',
      message: 'This price is not offered.',
      field: 'priceId',
      status: 400,
    });
    // Not retryable: sent once.
    expect(fake.requests).toHaveLength(1);
  });

  it('sends JSON with an idempotency key, a new one for each action', async () => {
    const fake = createFakeBillingFetch({ 'POST /subscriptions': [jsonResponse(started)] });
    const client = createBillingClient({
      baseUrl,
      fetch: fake.fetch,
      headers: () => ({ 'x-tenant': 'acme' }),
    });

    await client.startSubscription({ priceId: 'price_pro_month', quantity: 2 });
    await client.startSubscription({ priceId: 'price_pro_month', quantity: 2 });

    const [first, second] = fake.requests;
    expect(first?.body).toEqual({ priceId: 'price_pro_month', quantity: 2 });
    expect(first?.headers.get('content-type')).toBe('application/json');
    expect(first?.headers.get('x-tenant')).toBe('acme');
    expect(first?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.headers.get('idempotency-key')).not.toBe(first?.headers.get('idempotency-key'));
  });

  it('when a POST gets no answer, sends it again with the same idempotency key', async () => {
    const fake = createFakeBillingFetch({
      'POST /subscriptions': [new TypeError('fetch failed'), jsonResponse(started)],
    });
    const client = createBillingClient({ baseUrl, fetch: fake.fetch });

    const result = await client.startSubscription(
      { priceId: 'price_pro_month' },
      { idempotencyKey: 'click-1' },
    );

    expect(result.subscriptionId).toBe('sub_1');
    expect(fake.requests.map((request) => request.headers.get('idempotency-key'))).toEqual([
      'click-1',
      'click-1',
    ]);
  });

  it('when the server stays unreachable, rejects with network_error', async () => {
    const fake = createFakeBillingFetch({ 'GET /subscriptions': [new TypeError('fetch failed')] });
    const client = createBillingClient({ baseUrl, fetch: fake.fetch });

    await expect(client.listSubscriptions()).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });

  it('has one method per route of billingRoutes, named after the route', () => {
    const client = createBillingClient({ baseUrl });

    for (const name of Object.keys(billingRoutes)) {
      expect(typeof (client as unknown as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('puts path parameters in the URL, the other fields in the body', async () => {
    const fake = createFakeBillingFetch({
      'POST /invoices/in_1%2Fx/pay': [
        jsonResponse({ status: 'requires_action', clientSecret: 'pi_2_secret' }),
      ],
    });
    const client = createBillingClient({ baseUrl, fetch: fake.fetch });

    const paid = await client.payInvoice(
      { id: 'in_1/x', paymentMethodId: 'pm_1' },
      { idempotencyKey: 'pay-1' },
    );

    expect(paid).toEqual({ status: 'requires_action', clientSecret: 'pi_2_secret' });
    expect(fake.requests[0]).toMatchObject({ method: 'POST', body: { paymentMethodId: 'pm_1' } });
    expect(fake.requests[0]?.headers.get('idempotency-key')).toBe('pay-1');
  });

  it('sends DELETE without a body but with an idempotency key', async () => {
    const fake = createFakeBillingFetch({
      'DELETE /payment-methods/pm_1': [jsonResponse({ paymentMethods: [] })],
    });
    const client = createBillingClient({ baseUrl, fetch: fake.fetch });

    await client.removePaymentMethod({ id: 'pm_1' });

    expect(fake.requests[0]?.body).toBeUndefined();
    expect(fake.requests[0]?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends {} to routes whose body has no fields, and takes only options where there is no input', async () => {
    const fake = createFakeBillingFetch({
      'POST /payment-methods/setup-intent': [
        jsonResponse({ setupIntentId: 'seti_1', clientSecret: 'seti_1_secret' }),
      ],
    });
    const client = createBillingClient({ baseUrl, fetch: fake.fetch });

    await client.createSetupIntent({ idempotencyKey: 'add-card-1' });

    expect(fake.requests[0]?.body).toEqual({});
    expect(fake.requests[0]?.headers.get('idempotency-key')).toBe('add-card-1');
  });

  it('refuses a missing path parameter before sending anything', async () => {
    const fake = createFakeBillingFetch({});
    const client = createBillingClient({ baseUrl, fetch: fake.fetch });

    // @ts-expect-error the id is required
    await expect(client.confirmSubscription({})).rejects.toThrow('client.confirmSubscription needs `id`');
    expect(fake.requests).toHaveLength(0);
  });

  it('types inputs and results from the core schemas', () => {
    const client = createBillingClient({ baseUrl });

    expectTypeOf(client.confirmSubscription).parameter(0).toEqualTypeOf<{ id: string }>();
    expectTypeOf(client.previewPlanChange).parameter(0).toEqualTypeOf<{
      id: string;
      priceId: string;
      quantity?: number | undefined;
    }>();
    expectTypeOf(client.getEntitlements).parameters.toEqualTypeOf<[options?: { signal?: AbortSignal }]>();
    expectTypeOf(client.payInvoice).returns.resolves.toEqualTypeOf<
      { status: 'paid' } | { status: 'requires_action'; clientSecret: string }
    >();
  });
});
