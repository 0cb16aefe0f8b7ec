import {
  ApiErrorBodySchema,
  ChangePlanResponseSchema,
  PreviewPlanChangeResponseSchema,
  StartSubscriptionResponseSchema,
  SubscriptionResponseSchema,
} from '@billing-kit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BillingTestEnv, paymentIntentIdOf, TEST_CUSTOMER_HEADER } from '../../test/billing-test-env.js';
import { type LoggedBillingApi, startLoggedBillingApi } from '../../test/logged-billing-api.js';
import type { ServedHandler } from '../../test/serve-over-http.js';
import type { StripeCallLog } from '../../test/stripe-call-log.js';

/**
 * A customer's action succeeded but its response was lost: the UI sends it again with the same `Idempotency-Key`.
 * The resend must get the first answer back (not a refusal from the route's checks running again on the new
 * state), and Stripe must see one mutation. Requests cross node:http to a billing API whose Stripe calls are
 * logged at the network, replays told apart by Stripe's own `Idempotent-Replayed` answer.
 */
let api: LoggedBillingApi;
let env: BillingTestEnv;
let stripeLog: StripeCallLog;
let served: ServedHandler;

beforeAll(async () => {
  api = await startLoggedBillingApi();
  ({ env, stripeLog, served } = api);
});
afterAll(async () => {
  await api?.close();
});
beforeEach(() => {
  env.emulator.control.clearFaults();
});

interface Answer {
  status: number;
  body: string;
  replayed: boolean;
}

async function post(
  path: string,
  customerId: string | null,
  body: unknown,
  idempotencyKey?: string,
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (customerId !== null) headers[TEST_CUSTOMER_HEADER] = customerId;
  if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
  const response = await fetch(`${served.origin}/api/billing${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    body: await response.text(),
    replayed: response.headers.get('idempotent-replayed') === 'true',
  };
}

/** Executed Stripe mutations of `path` (replays by Stripe and reads excluded). */
function mutationsOf(path: string) {
  return stripeLog.mutations().filter((call) => call.path === path);
}

function errorOf(answer: Answer) {
  return ApiErrorBodySchema.parse(JSON.parse(answer.body)).error;
}

/** A customer with a paid, active subscription (mirror up to date). */
async function subscribedCustomer(priceId: string, quantity = 1) {
  const customerId = await env.createCustomer();
  const started = await env.subscribeAndPay(customerId, priceId, quantity);
  return { customerId, subscriptionId: started.subscriptionId };
}

async function preview(customerId: string, subscriptionId: string, priceId: string, quantity: number) {
  const answer = await post(`/subscriptions/${subscriptionId}/preview-change`, customerId, {
    priceId,
    quantity,
  });
  expect(answer.status, answer.body).toBe(200);
  return PreviewPlanChangeResponseSchema.parse(JSON.parse(answer.body));
}

/**
 * Sends the same request twice with one key, letting the webhooks of the first land in between (the state a real
 * resend meets), and checks the second answer is the first one replayed, with no further Stripe mutation.
 */
async function sendTwice(path: string, customerId: string, body: unknown, key: string) {
  stripeLog.reset();
  const first = await post(path, customerId, body, key);
  await env.emulator.flushWebhooks();
  const mutationsAfterFirst = stripeLog.mutations().length;
  const second = await post(path, customerId, body, key);
  expect(first.replayed).toBe(false);
  expect(second).toEqual({ ...first, replayed: true });
  expect(stripeLog.mutations(), 'the resend made no Stripe mutation').toHaveLength(mutationsAfterFirst);
  return first;
}

describe('a resend with the same Idempotency-Key gets the first answer back', () => {
  it('start: one subscription, and the resend after paying still gets the start answer (not a 409)', async () => {
    const customerId = await env.createCustomer();
    const body = { priceId: env.catalog.starter.monthlyPriceId };
    stripeLog.reset();
    const first = await post('/subscriptions', customerId, body, 'start-once');
    expect(first.status, first.body).toBe(200);
    const started = StartSubscriptionResponseSchema.parse(JSON.parse(first.body));
    await env.stripe.paymentIntents.confirm(paymentIntentIdOf(started.clientSecret ?? ''), {
      payment_method: 'pm_card_visa',
    });
    await env.emulator.flushWebhooks();

    // Now active: running the route again would refuse ("already subscribed").
    const again = await post('/subscriptions', customerId, body, 'start-once');
    expect(again).toEqual({ ...first, replayed: true });
    expect(mutationsOf('/v1/subscriptions')).toHaveLength(1);
    const inStripe = await env.stripe.subscriptions.list({ customer: customerId, status: 'all' });
    expect(inStripe.data).toHaveLength(1);
  });

  it('cancel, then resume: each resend answers like the first and changes nothing in Stripe', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    const canceled = await sendTwice(`/subscriptions/${subscriptionId}/cancel`, customerId, {}, 'cancel-1');
    expect(canceled.status, canceled.body).toBe(200);
    expect(SubscriptionResponseSchema.parse(JSON.parse(canceled.body)).subscription.cancelAtPeriodEnd).toBe(
      true,
    );
    expect(mutationsOf(`/v1/subscriptions/${subscriptionId}`)).toHaveLength(1);

    const resumed = await sendTwice(`/subscriptions/${subscriptionId}/resume`, customerId, {}, 'resume-1');
    expect(resumed.status, resumed.body).toBe(200);
    expect(SubscriptionResponseSchema.parse(JSON.parse(resumed.body)).subscription.cancelAtPeriodEnd).toBe(
      false,
    );
    expect(mutationsOf(`/v1/subscriptions/${subscriptionId}`)).toHaveLength(1);
    expect((await env.stripe.subscriptions.retrieve(subscriptionId)).cancel_at_period_end).toBe(false);
  });

  it('cancel-scheduled-change: the resend gets 200 again, not 409 "No plan change is scheduled"', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.team.seatPriceId, 3);
    const fewerSeats = await preview(customerId, subscriptionId, env.catalog.team.seatPriceId, 1);
    expect(fewerSeats.appliesAt).toBe('period_end');
    const scheduled = await post(
      `/subscriptions/${subscriptionId}/change`,
      customerId,
      { priceId: env.catalog.team.seatPriceId, quantity: 1, prorationDate: fewerSeats.prorationDate },
      'schedule-1',
    );
    expect(ChangePlanResponseSchema.parse(JSON.parse(scheduled.body)).outcome).toBe('scheduled');
    await env.emulator.flushWebhooks();

    const dropped = await sendTwice(
      `/subscriptions/${subscriptionId}/cancel-scheduled-change`,
      customerId,
      {},
      'drop-1',
    );
    expect(dropped.status, dropped.body).toBe(200);
    expect(
      SubscriptionResponseSchema.parse(JSON.parse(dropped.body)).subscription.scheduledChange,
    ).toBeNull();
    expect(stripeLog.mutations().filter((call) => call.path.endsWith('/release'))).toHaveLength(1);

    // Without the replay, the route itself refuses a second drop: proof the resend above did not reach it.
    const fresh = await post(
      `/subscriptions/${subscriptionId}/cancel-scheduled-change`,
      customerId,
      {},
      'drop-2',
    );
    expect(fresh.status).toBe(409);
  });

  it('change (upgrade): the resend gets the "applied" answer, not "This is already your plan"', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    const upgrade = await preview(customerId, subscriptionId, env.catalog.team.seatPriceId, 2);
    expect(upgrade.kind).toBe('upgrade');
    const body = { priceId: env.catalog.team.seatPriceId, quantity: 2, prorationDate: upgrade.prorationDate };
    const changed = await sendTwice(`/subscriptions/${subscriptionId}/change`, customerId, body, 'upgrade-1');
    expect(changed.status, changed.body).toBe(200);
    expect(ChangePlanResponseSchema.parse(JSON.parse(changed.body))).toMatchObject({
      outcome: 'applied',
      subscription: { priceId: env.catalog.team.seatPriceId, quantity: 2 },
    });
    expect(mutationsOf(`/v1/subscriptions/${subscriptionId}`)).toHaveLength(1);

    const fresh = await post(`/subscriptions/${subscriptionId}/change`, customerId, body, 'upgrade-2');
    expect(fresh.status).toBe(400);
  });

  it('replays refusals too (4xx answers are final), and answers two identical requests at once alike', async () => {
    const customerId = await env.createCustomer();
    const refused = await sendTwice('/subscriptions', customerId, { priceId: 'price_unknown' }, 'refused-1');
    expect(refused.status).toBe(400);

    const [one, two] = await Promise.all([
      post('/subscriptions', customerId, { priceId: env.catalog.starter.monthlyPriceId }, 'together'),
      post('/subscriptions', customerId, { priceId: env.catalog.starter.monthlyPriceId }, 'together'),
    ]);
    expect(one?.status, one?.body).toBe(200);
    expect(two?.body).toBe(one?.body);
    expect([one?.replayed, two?.replayed].filter(Boolean)).toHaveLength(1);
  });
});

describe('the same Idempotency-Key for another request', () => {
  it('answers 409 conflict for another body or another subscription, and changes nothing', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.team.seatPriceId, 1);
    const other = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    const more = await preview(customerId, subscriptionId, env.catalog.team.seatPriceId, 2);
    const path = `/subscriptions/${subscriptionId}/change`;
    const body = { priceId: env.catalog.team.seatPriceId, quantity: 2, prorationDate: more.prorationDate };
    const first = await post(path, customerId, body, 'reused');
    expect(first.status, first.body).toBe(200);

    stripeLog.reset();
    const otherBody = await post(path, customerId, { ...body, quantity: 3 }, 'reused');
    expect(otherBody.status).toBe(409);
    expect(errorOf(otherBody)).toEqual({
      code: 'conflict',
      message:
        'This Idempotency-Key was already used for a different request. Send a new key for a new action.',
    });
    // Another route keeps its own keys: the cancel of this subscription with the same key runs.
    expect((await post(`/subscriptions/${subscriptionId}/cancel`, customerId, {}, 'reused')).status).toBe(
      200,
    );
    // The same route on another subscription (another path) is another request.
    const otherPath = await post(`/subscriptions/${other.subscriptionId}/cancel`, customerId, {}, 'reused');
    expect(otherPath.status).toBe(409);
    expect(errorOf(otherPath).code).toBe('conflict');
    expect(mutationsOf(`/v1/subscriptions/${subscriptionId}`)).toHaveLength(1); // the cancel only
    expect((await env.stripe.subscriptions.retrieve(subscriptionId)).items.data[0]?.quantity).toBe(2);
  });

  it("keeps customers apart: another customer's same key runs its own request", async () => {
    const first = await env.createCustomer();
    const second = await env.createCustomer();
    const body = { priceId: env.catalog.starter.monthlyPriceId };
    const a = await post('/subscriptions', first, body, 'shared-key');
    const b = await post('/subscriptions', second, body, 'shared-key');
    expect([a.status, b.status, b.replayed]).toEqual([200, 200, false]);
    expect(JSON.parse(a.body).subscriptionId).not.toBe(JSON.parse(b.body).subscriptionId);
  });
});

describe('a request that failed or is still running', () => {
  it('runs again on retry after a 502 (nothing was stored)', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    env.emulator.control.failNextRequests({
      count: 1,
      shouldRetry: false,
      method: 'POST',
      path: `/v1/subscriptions/${subscriptionId}`,
    });
    const failed = await post(`/subscriptions/${subscriptionId}/cancel`, customerId, {}, 'cancel-after-502');
    expect(failed.status).toBe(502);
    expect(errorOf(failed)).toMatchObject({ code: 'stripe_unavailable', retryable: true });

    const retried = await post(`/subscriptions/${subscriptionId}/cancel`, customerId, {}, 'cancel-after-502');
    expect(retried.status, retried.body).toBe(200);
    expect(retried.replayed).toBe(false);
    expect(SubscriptionResponseSchema.parse(JSON.parse(retried.body)).subscription.cancelAtPeriodEnd).toBe(
      true,
    );
    const third = await post(`/subscriptions/${subscriptionId}/cancel`, customerId, {}, 'cancel-after-502');
    expect(third).toEqual({ ...retried, replayed: true });
  });

  it('answers 409 retryable while another process runs it, then the stored answer', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    // Another server process on the same database: its own billing instance.
    const otherProcess = env.createBillingWith({ stripe: stripeLog.stripe });
    const path = `/subscriptions/${subscriptionId}/cancel`;
    const request = () =>
      new Request(`${served.origin}/api/billing${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TEST_CUSTOMER_HEADER]: customerId,
          'Idempotency-Key': 'slow-cancel',
        },
        body: '{}',
      });
    env.emulator.control.delayNextRequests({
      count: 1,
      delayMs: 2_000,
      method: 'POST',
      path: `/v1/subscriptions/${subscriptionId}`,
    });
    const slow = post(path, customerId, {}, 'slow-cancel');
    await new Promise((resolve) => setTimeout(resolve, 500));

    const meanwhile = await otherProcess.handler(request());
    expect(meanwhile.status).toBe(409);
    expect(ApiErrorBodySchema.parse(await meanwhile.json()).error).toMatchObject({
      code: 'conflict',
      retryable: true,
    });

    const first = await slow;
    expect(first.status, first.body).toBe(200);
    const later = await otherProcess.handler(request());
    expect(later.status).toBe(200);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(await later.text()).toBe(first.body);
  });
});

describe('requests the replay leaves to the route', () => {
  it('answers 401 signed out, 413 over 64 KB, and 400 to an unusable key, with or without a key', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    const path = `/subscriptions/${subscriptionId}/cancel`;
    expect((await post(path, null, {}, 'signed-out')).status).toBe(401);
    const oversized = await post(path, customerId, { padding: 'x'.repeat(70 * 1024) }, 'oversized');
    expect(oversized.status).toBe(413);
    expect(errorOf(oversized).code).toBe('payload_too_large');
    const tooLong = await post(path, customerId, {}, 'k'.repeat(256));
    expect(tooLong.status).toBe(400);
    expect(errorOf(tooLong).field).toBe('Idempotency-Key');
  });
});
