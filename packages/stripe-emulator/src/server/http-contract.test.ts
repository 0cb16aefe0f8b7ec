import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startEmulatorFixture } from '../../test/emulator-fixture.js';

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_contract',
  sdk: { maxNetworkRetries: 0 },
});

/** What a raw response body can hold: an object (with an id) or Stripe's error envelope. */
interface RawBody {
  id?: string;
  error: { type: string; code?: string; param?: string; message: string };
}

async function rawRequest(path: string, init: RequestInit = {}) {
  const response = await fetch(`${emulator.url}${path}`, init);
  return { status: response.status, headers: response.headers, body: (await response.json()) as RawBody };
}

describe('given the HTTP surface', () => {
  it('when a request has no API key, then it is a 401 invalid_request_error', async () => {
    const { status, body } = await rawRequest('/v1/customers');

    expect(status).toBe(401);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/did not provide an API key/);
  });

  it('when a request has a malformed key, then it is a 401 that does not echo the key', async () => {
    const { status, body } = await rawRequest('/v1/customers', {
      headers: { Authorization: 'Bearer nope_123' },
    });

    expect(status).toBe(401);
    expect(JSON.stringify(body)).not.toContain('nope_123');
  });

  it('when the SDK sends an unknown parameter, then it is a 400 naming the parameter', async () => {
    const error = await stripe.customers
      .create({ email: 'a@example.com', favourite_colour: 'blue' } as Stripe.CustomerCreateParams)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Stripe.errors.StripeError).statusCode).toBe(400);
    expect((error as Stripe.errors.StripeError).param).toBe('favourite_colour');
    expect((await stripe.customers.list()).data).toHaveLength(0);
  });

  it('when a nested parameter is unknown, then the error names it in bracket notation', async () => {
    const product = await stripe.products.create({ name: 'P' });

    await expect(
      stripe.prices.create({
        product: product.id,
        currency: 'usd',
        unit_amount: 1,
        recurring: { interval: 'month', colour: 'x' },
      } as unknown as Stripe.PriceCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, param: 'recurring[colour]' });
  });

  it('when a required parameter is missing, then it is a 400 parameter_missing naming it', async () => {
    await expect(stripe.products.create({} as Stripe.ProductCreateParams)).rejects.toMatchObject({
      statusCode: 400,
      code: 'parameter_missing',
      param: 'name',
    });
  });

  it('when an id does not exist, then it is a 404 resource_missing envelope', async () => {
    const error = (await stripe.customers
      .retrieve('cus_nope')
      .catch((caught: unknown) => caught)) as Stripe.errors.StripeError;
    const raw = await rawRequest('/v1/subscriptions/sub_nope', {
      headers: { Authorization: 'Bearer sk_test_x' },
    });

    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('resource_missing');
    expect(error.message).toBe("No such customer: 'cus_nope'");
    expect(raw.status).toBe(404);
    expect(raw.body).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'id',
        message: "No such subscription: 'sub_nope'",
      },
    });
  });

  it('when a route does not exist, then it is a 404 in the same envelope', async () => {
    const raw = await rawRequest('/v1/teapots', { headers: { Authorization: 'Bearer sk_test_x' } });

    expect(raw.status).toBe(404);
    expect(raw.body.error).toMatchObject({ type: 'invalid_request_error', code: 'resource_missing' });
    expect(raw.body.error.message).toContain('/v1/teapots');
  });

  it('when a POST is repeated with the same Idempotency-Key and body, then the first response is replayed', async () => {
    const first = await stripe.customers.create({ email: 'same@example.com' }, { idempotencyKey: 'key-1' });
    const second = await stripe.customers.create({ email: 'same@example.com' }, { idempotencyKey: 'key-1' });

    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await stripe.customers.list()).data).toHaveLength(1);
  });

  it('when an Idempotency-Key is reused with a different body, then it is a 400 idempotency_error', async () => {
    await stripe.customers.create({ email: 'one@example.com' }, { idempotencyKey: 'key-2' });

    const error = await stripe.customers
      .create({ email: 'two@example.com' }, { idempotencyKey: 'key-2' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((error as Stripe.errors.StripeError).statusCode).toBe(400);
    expect((error as Stripe.errors.StripeError).type).toBe('StripeIdempotencyError');
  });

  it('when a browser sends a CORS preflight, then the Stripe.js headers are allowed', async () => {
    const response = await fetch(`${emulator.url}/v1/payment_methods`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['authorization', 'content-type', 'stripe-version', 'idempotency-key']) {
      expect(allowed).toContain(header);
    }
  });

  it('when a publishable key calls a server-only route, then it is a 401', async () => {
    const raw = await rawRequest('/v1/customers', { headers: { Authorization: 'Bearer pk_test_x' } });

    expect(raw.status).toBe(401);
    expect(raw.body.error.message).toMatch(/publishable API key/);
  });

  it('when a publishable key reads a PaymentIntent, then the client secret is required and checked', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
    const headers = { Authorization: 'Bearer pk_test_x' };

    const without = await rawRequest(`/v1/payment_intents/${intent.id}`, { headers });
    const wrong = await rawRequest(`/v1/payment_intents/${intent.id}?client_secret=nope`, { headers });
    const right = await rawRequest(
      `/v1/payment_intents/${intent.id}?client_secret=${encodeURIComponent(intent.client_secret as string)}`,
      { headers },
    );

    expect(without.status).toBe(400);
    expect(without.body.error.param).toBe('client_secret');
    expect(wrong.status).toBe(400);
    expect(right.status).toBe(200);
    expect(right.body.id).toBe(intent.id);
  });
});
