import {
  ApiErrorBodySchema,
  ChangePlanResponseSchema,
  PreviewPlanChangeResponseSchema,
  StartSubscriptionResponseSchema,
} from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingTestEnv, paymentIntentIdOf, TEST_CUSTOMER_HEADER } from '../../test/billing-test-env.js';
import { type LoggedBillingApi, startLoggedBillingApi } from '../../test/logged-billing-api.js';
import type { ServedHandler } from '../../test/serve-over-http.js';
import type { StripeCallLog } from '../../test/stripe-call-log.js';

/**
 * Twenty identical requests at once (a frantic double click, a retrying client, a replayed request) must make one
 * change and one charge in Stripe; twenty different attempts at the same upgrade must let one through and refuse the
 * others cleanly. Requests cross node:http to a billing API whose every Stripe request is logged, so "one
 * mutation" is counted at the network, replays told apart by Stripe's `Idempotent-Replayed` answer.
 */
const PARALLEL = 20;

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

function post(path: string, customerId: string, body: unknown, idempotencyKey?: string): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [TEST_CUSTOMER_HEADER]: customerId,
  };
  if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
  return fetch(`${served.origin}/api/billing${path}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
}

/** Sends `PARALLEL` requests at once and answers their statuses and bodies. */
async function burst(send: (index: number) => Promise<Response>) {
  const responses = await Promise.all(Array.from({ length: PARALLEL }, (_, index) => send(index)));
  return Promise.all(
    responses.map(async (response) => ({ status: response.status, body: await response.text() })),
  );
}

/**
 * The distinct answers, ignoring `syncedAt`: the second the mirror row was last written, which each answer re-reads
 * (a burst can straddle a second). Everything the customer sees must be equal.
 */
function distinctIgnoringSyncTime(bodies: string[]): string[] {
  return [...new Set(bodies.map((body) => body.replace(/"syncedAt":\d+/g, '"syncedAt":0')))];
}

function executedMutations(path: string) {
  return stripeLog.mutations().filter((call) => call.path === path);
}

async function succeededCharges(customerId: string) {
  const charges = await env.stripe.charges.list({ customer: customerId, limit: 100 });
  return charges.data.filter((charge) => charge.status === 'succeeded');
}

/** A customer subscribed to `seats` seats of the per-seat plan and paid (mirror active). */
async function subscribedCustomer(seats: number) {
  const customerId = await env.createCustomer();
  const started = await env.subscribeAndPay(customerId, env.catalog.team.seatPriceId, seats);
  return { customerId, subscriptionId: started.subscriptionId };
}

async function previewSeats(customerId: string, subscriptionId: string, quantity: number) {
  const response = await post(`/subscriptions/${subscriptionId}/preview-change`, customerId, {
    priceId: env.catalog.team.seatPriceId,
    quantity,
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return PreviewPlanChangeResponseSchema.parse(await response.json());
}

async function seatUpdateInvoices(subscriptionId: string) {
  const invoices = await env.stripe.invoices.list({ subscription: subscriptionId, limit: 100 });
  return invoices.data.filter((invoice) => invoice.billing_reason === 'subscription_update');
}

describe(`${PARALLEL} identical requests at once with one Idempotency-Key`, () => {
  it('start then confirm: one subscription created, one charge, every answer equal', async () => {
    const customerId = await env.createCustomer();
    stripeLog.reset();
    const starts = await burst(() =>
      post(
        '/subscriptions',
        customerId,
        { priceId: env.catalog.team.seatPriceId, quantity: 2 },
        'start-burst',
      ),
    );
    for (const start of starts) expect(start.status, start.body).toBe(200);
    expect(new Set(starts.map((start) => start.body)).size).toBe(1);
    expect(executedMutations('/v1/subscriptions')).toHaveLength(1);
    const started = StartSubscriptionResponseSchema.parse(JSON.parse(starts[0]?.body ?? ''));

    // The customer pays once in the browser (Stripe.js), then the page's confirm call fires twenty times.
    await env.stripe.paymentIntents.confirm(paymentIntentIdOf(started.clientSecret ?? ''), {
      payment_method: 'pm_card_visa',
    });
    stripeLog.reset();
    const confirms = await burst(() =>
      post(`/subscriptions/${started.subscriptionId}/confirm`, customerId, {}, 'confirm-burst'),
    );
    for (const confirm of confirms) expect(confirm.status, confirm.body).toBe(200);
    const confirmed = distinctIgnoringSyncTime(confirms.map((confirm) => confirm.body));
    expect(confirmed, confirmed.join('\n')).toHaveLength(1);
    expect(JSON.parse(confirms[0]?.body ?? '').subscription).toMatchObject({ status: 'active', quantity: 2 });
    expect(stripeLog.mutations(), 'confirm only re-reads Stripe').toEqual([]);

    await env.emulator.flushWebhooks();
    const inStripe = await env.stripe.subscriptions.list({ customer: customerId, status: 'all' });
    expect(inStripe.data).toHaveLength(1);
    expect(await succeededCharges(customerId)).toHaveLength(1);
    expect(await env.stripe.invoices.list({ customer: customerId })).toMatchObject({
      data: [expect.anything()],
    });
  });

  it('upgrade (change): one Stripe update, one charge of the previewed amount, every answer equal', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(1);
    const preview = await previewSeats(customerId, subscriptionId, 3);
    expect(preview.kind).toBe('quantity_increase');
    const body = { priceId: env.catalog.team.seatPriceId, quantity: 3, prorationDate: preview.prorationDate };

    stripeLog.reset();
    const answers = await burst(() =>
      post(`/subscriptions/${subscriptionId}/change`, customerId, body, 'upgrade-burst'),
    );
    for (const answer of answers) expect(answer.status, answer.body).toBe(200);
    const distinct = distinctIgnoringSyncTime(answers.map((answer) => answer.body));
    expect(distinct, distinct.join('\n')).toHaveLength(1);
    const changed = ChangePlanResponseSchema.parse(JSON.parse(answers[0]?.body ?? ''));
    expect(changed).toMatchObject({ outcome: 'applied', subscription: { quantity: 3 } });
    expect(executedMutations(`/v1/subscriptions/${subscriptionId}`)).toHaveLength(1);

    await env.emulator.flushWebhooks();
    const invoices = await seatUpdateInvoices(subscriptionId);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.amount_paid).toBe(preview.amountDueNow);
    expect(await succeededCharges(customerId)).toHaveLength(2); // the first payment and this upgrade
  });
});

describe(`${PARALLEL} attempts at the same upgrade with different Idempotency-Keys`, () => {
  it('applies one, refuses the others with a plain 4xx code, and charges once', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(1);
    const preview = await previewSeats(customerId, subscriptionId, 3);
    const body = { priceId: env.catalog.team.seatPriceId, quantity: 3, prorationDate: preview.prorationDate };

    stripeLog.reset();
    const answers = await burst((index) =>
      post(`/subscriptions/${subscriptionId}/change`, customerId, body, `upgrade-attempt-${index}`),
    );
    await env.emulator.flushWebhooks();
    const invoices = await seatUpdateInvoices(subscriptionId);
    const outcome = {
      applied: answers.filter((answer) => answer.status === 200).length,
      refusals: answers
        .filter((answer) => answer.status !== 200)
        .map((answer) => `${answer.status} ${ApiErrorBodySchema.parse(JSON.parse(answer.body)).error.code}`),
      stripeUpdates: executedMutations(`/v1/subscriptions/${subscriptionId}`).length,
      updateInvoices: invoices.map((invoice) => invoice.amount_paid),
      succeededCharges: (await succeededCharges(customerId)).length,
    };
    expect(outcome).toEqual({
      applied: 1,
      refusals: Array.from({ length: PARALLEL - 1 }, () =>
        expect.stringMatching(/^4\d\d (conflict|invalid_request)$/),
      ),
      stripeUpdates: 1,
      updateInvoices: [preview.amountDueNow],
      succeededCharges: 2, // the first payment and this upgrade
    });
    const inStripe = await env.stripe.subscriptions.retrieve(subscriptionId);
    expect(inStripe.items.data[0]?.quantity).toBe(3);
  });
});
