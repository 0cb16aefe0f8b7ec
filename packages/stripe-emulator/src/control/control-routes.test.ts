import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startEmulatorFixture } from '../../test/emulator-fixture.js';
import { ControlInputError } from '../index.js';

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_control',
  emulator: { seed: 1 },
  sdk: { maxNetworkRetries: 0 },
});

interface ControlAnswer {
  status: number;
  body: Record<string, unknown> & { error?: { type: string; message: string; param?: string } };
}

async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ControlAnswer> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as ControlAnswer['body'] };
}

describe('given the reset and clock control routes', () => {
  it('when POST /_emulator/reset is called, then every object is forgotten', async () => {
    await stripe.customers.create({ email: 'gone@example.com' });

    const answer = await control('POST', '/_emulator/reset');

    expect(answer).toEqual({ status: 200, body: { reset: true } });
    expect((await stripe.customers.list()).data).toHaveLength(0);
  });

  it('when the global clock is advanced, then new objects are created at the new time', async () => {
    const before = await control('GET', '/_emulator/clock');

    const advanced = await control('POST', '/_emulator/clock/advance', { seconds: 3600 });
    const customer = await stripe.customers.create({ email: 'later@example.com' });

    expect(advanced.status).toBe(200);
    expect(advanced.body.offset).toBe(3600);
    expect(advanced.body.now as number).toBeGreaterThanOrEqual((before.body.now as number) + 3600);
    expect(customer.created).toBeGreaterThanOrEqual((before.body.now as number) + 3600);
    expect(customer.livemode).toBe(false);
  });

  it('when 24 hours of emulated time pass, then an idempotency key is new again', async () => {
    const first = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'day-key' });
    await control('POST', '/_emulator/clock/advance', { seconds: 23 * 3600 });

    const reusedTooSoon = await stripe.customers
      .create({ email: 'b@example.com' }, { idempotencyKey: 'day-key' })
      .catch((caught: unknown) => caught);
    const replayed = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'day-key' });
    await control('POST', '/_emulator/clock/advance', { seconds: 3600 });
    const afterExpiry = await stripe.customers.create(
      { email: 'b@example.com' },
      { idempotencyKey: 'day-key' },
    );

    expect(reusedTooSoon).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(replayed.id).toBe(first.id);
    expect(afterExpiry.id).not.toBe(first.id);
    expect(afterExpiry.email).toBe('b@example.com');
    expect((await stripe.customers.list()).data).toHaveLength(2);
  });
});

describe('given request faults', () => {
  it('when the next POSTs to a path are told to fail, then exactly those answer a Stripe api_error', async () => {
    const armed = await control('POST', '/_emulator/faults/requests/fail', {
      count: 2,
      method: 'POST',
      path: '/v1/customers*',
    });

    const listed = await stripe.customers.list();
    const first = await stripe.customers
      .create({ email: 'x@example.com' })
      .catch((caught: unknown) => caught);
    const second = await stripe.customers
      .create({ email: 'x@example.com' })
      .catch((caught: unknown) => caught);
    const third = await stripe.customers.create({ email: 'x@example.com' });

    expect(armed.status).toBe(200);
    expect(listed.data).toEqual([]);
    for (const failure of [first, second]) {
      expect(failure).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(failure).toMatchObject({ statusCode: 500, type: 'StripeAPIError' });
    }
    expect((first as Stripe.errors.StripeError).raw).toMatchObject({ type: 'api_error' });
    expect(third.id).toMatch(/^cus_/);
    expect((await stripe.customers.list()).data).toHaveLength(1);
    expect((await control('GET', '/_emulator/faults')).body.requests).toEqual({ failures: [], delays: [] });
  });

  it('when a chosen status is injected, then the SDK sees that status (429 is a rate limit error)', async () => {
    await control('POST', '/_emulator/faults/requests/fail', { count: 1, status: 429 });

    const error = await stripe.products.list().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(error).toMatchObject({ statusCode: 429, code: 'rate_limit' });
  });

  it('when one 500 is injected and the SDK retries, then the retry succeeds and creates one object only', async () => {
    const retrying = new Stripe('sk_test_control', { ...emulator.stripeOptions, maxNetworkRetries: 2 });
    await control('POST', '/_emulator/faults/requests/fail', { count: 1, path: '/v1/customers' });

    const customer = await retrying.customers.create({ email: 'retry@example.com' });

    expect(customer.email).toBe('retry@example.com');
    expect((await stripe.customers.list()).data.map((entry) => entry.id)).toEqual([customer.id]);
  });

  it('when Stripe-Should-Retry is false, then the SDK does not retry the injected failure', async () => {
    const retrying = new Stripe('sk_test_control', { ...emulator.stripeOptions, maxNetworkRetries: 2 });
    await emulator.control.failNextRequests({ count: 1, shouldRetry: false, path: '/v1/customers' });

    const error = await retrying.customers
      .create({ email: 'no@example.com' })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ statusCode: 500 });
    expect((await stripe.customers.list()).data).toHaveLength(0);
  });

  it('when the next request is delayed, then it is answered after the delay and the fault is used up', async () => {
    await emulator.control.delayNextRequests({ count: 1, delayMs: 150, method: 'GET' });
    expect(emulator.control.faults().requests.delays).toMatchObject([{ remaining: 1, effect: 150 }]);

    const started = Date.now();
    await stripe.customers.list();
    const elapsed = Date.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(emulator.control.faults().requests.delays).toEqual([]);
  });

  it('when requests fail with a probability, then about that share fails, reproducibly from the seed, until cleared', async () => {
    const failuresOutOf200 = async (seed: number): Promise<boolean[]> => {
      await control('POST', '/_emulator/seed', { seed });
      await control('POST', '/_emulator/faults/requests/fail', {
        probability: 0.25,
        shouldRetry: false,
        method: 'GET',
        path: '/v1/products',
      });
      const outcomes: boolean[] = [];
      for (let index = 0; index < 200; index += 1) {
        outcomes.push(
          await stripe.products.list().then(
            () => false,
            () => true,
          ),
        );
      }
      await control('POST', '/_emulator/faults/clear');
      return outcomes;
    };

    const first = await failuresOutOf200(11);
    const again = await failuresOutOf200(11);
    const failed = first.filter(Boolean).length;

    expect(failed).toBeGreaterThan(25);
    expect(failed).toBeLessThan(75);
    expect(again).toEqual(first);
    // Only matching requests are affected, and nothing is armed after the clear.
    expect((await stripe.customers.list()).object).toBe('list');
    expect(emulator.control.faults().requests.failures).toEqual([]);
  });

  it('when a count and a probability are both given, then exactly count requests fail, some passing between', async () => {
    await control('POST', '/_emulator/faults/requests/fail', {
      count: 3,
      probability: 0.5,
      shouldRetry: false,
      path: '/v1/products',
    });
    expect(emulator.control.faults().requests.failures).toMatchObject([{ remaining: 3, probability: 0.5 }]);

    const outcomes: boolean[] = [];
    while (outcomes.filter(Boolean).length < 3 && outcomes.length < 200) {
      outcomes.push(
        await stripe.products.list().then(
          () => false,
          () => true,
        ),
      );
    }
    const afterwards = await Promise.all(Array.from({ length: 20 }, () => stripe.products.list()));

    expect(outcomes.filter(Boolean)).toHaveLength(3);
    expect(outcomes.length).toBeGreaterThan(3);
    expect(afterwards).toHaveLength(20);
    expect(emulator.control.faults().requests.failures).toEqual([]);
  });

  it('when faults are cleared, then nothing fails any more', async () => {
    await control('POST', '/_emulator/faults/requests/fail', { count: 5 });
    await control('POST', '/_emulator/faults/webhooks/drop', { count: 5 });

    const cleared = await control('POST', '/_emulator/faults/clear');

    expect(cleared.body).toMatchObject({
      requests: { failures: [], delays: [] },
      webhooks: { drop: null, duplicate: null, delay: null, reorder: null, timeoutMs: null },
    });
    expect((await stripe.customers.list()).object).toBe('list');
  });

  it('when a seed is set, then the faults snapshot reports it', async () => {
    const answer = await control('POST', '/_emulator/seed', { seed: 7 });

    expect(answer).toEqual({ status: 200, body: { seed: 7 } });
    expect(emulator.control.faults().seed).toBe(7);
  });
});

describe('given bad control input', () => {
  it.each([
    ['/_emulator/clock/advance', { seconds: -5 }, 'seconds', /integer from 1/],
    ['/_emulator/clock/advance', {}, 'seconds', /Missing option "seconds"/],
    ['/_emulator/clock/advance', { seconds: 10, extra: 1 }, 'extra', /Unknown option "extra"/],
    ['/_emulator/seed', { seed: 1.5 }, 'seed', /integer/],
    ['/_emulator/faults/requests/fail', { count: 0 }, 'count', /integer from 1/],
    ['/_emulator/faults/requests/fail', {}, 'count', /"probability"/],
    ['/_emulator/faults/requests/fail', { probability: 1.5 }, 'probability', /0 to 1/],
    ['/_emulator/faults/requests/delay', { delayMs: 10 }, 'count', /"probability"/],
    ['/_emulator/faults/requests/fail', { count: 1, status: 200 }, 'status', /from 400 to 599/],
    ['/_emulator/faults/requests/fail', { count: 1, type: 'oops' }, 'type', /one of api_error/],
    ['/_emulator/faults/requests/fail', { count: 1, method: 'PUT' }, 'method', /one of GET/],
    ['/_emulator/faults/requests/fail', { count: 1, path: 'v1/customers' }, 'path', /start with "\/"/],
    ['/_emulator/faults/requests/delay', { count: 1, delayMs: 999_999 }, 'delayMs', /0 to 60000/],
    ['/_emulator/faults/webhooks/drop', { count: '3' }, 'count', /integer/],
    ['/_emulator/faults/webhooks/duplicate', {}, 'count', /"probability"/],
    ['/_emulator/faults/webhooks/duplicate', { probability: 2 }, 'probability', /0 to 1/],
    ['/_emulator/faults/webhooks/delay', { delayMs: -1 }, 'delayMs', /0 to 60000/],
    ['/_emulator/faults/webhooks/reorder', { batchSize: 1 }, 'batchSize', /2 to 1000/],
    ['/_emulator/faults/webhooks/timeout', { timeoutMs: 0 }, 'timeoutMs', /1 to 600000/],
  ])('when POST %s gets %j, then it is a 400 naming %s', async (path, body, param, message) => {
    const answer = await control('POST', path, body);

    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', param });
    expect(answer.body.error?.message).toMatch(message);
  });

  it('when the body is not a JSON object, then it is a 400 that says what to send', async () => {
    const notJson = await fetch(`${emulator.url}/_emulator/faults/webhooks/drop`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{count: 1',
    });
    const array = await control('POST', '/_emulator/faults/webhooks/drop', [1]);
    const form = await fetch(`${emulator.url}/_emulator/faults/webhooks/drop`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'count=1',
    });
    const resetWithOptions = await control('POST', '/_emulator/reset', { everything: true });

    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ControlAnswer['body']).error?.message).toMatch(/not valid JSON/);
    expect(array.status).toBe(400);
    expect(array.body.error?.message).toMatch(/JSON object/);
    expect(form.status).toBe(400);
    expect(((await form.json()) as ControlAnswer['body']).error?.message).toMatch(/application\/json/);
    expect(resetWithOptions.status).toBe(400);
  });

  it('when a control route does not exist, then it is a 404 listing the control routes', async () => {
    const answer = await control('GET', '/_emulator/nope');

    expect(answer.status).toBe(404);
    expect(answer.body.error?.message).toContain('POST /_emulator/faults/requests/fail');
  });

  it('when the Node helper gets bad input, then it throws a ControlInputError and arms nothing', () => {
    expect(() => emulator.control.failNextRequests({ count: 0 })).toThrow(ControlInputError);
    expect(() => emulator.control.advanceClock({ seconds: Number.NaN })).toThrow(/seconds/);
    expect(emulator.control.faults().requests.failures).toEqual([]);
  });
});
