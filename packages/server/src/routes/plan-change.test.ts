import {
  ApiErrorBodySchema,
  ChangePlanResponseSchema,
  PreviewPlanChangeResponseSchema,
  SubscriptionResponseSchema,
  SubscriptionsResponseSchema,
} from '@billing-kit/core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingTestEnv, jsonPost, startBillingTestEnv } from '../../test/billing-test-env.js';
import { countingStripe } from '../../test/counting-stripe.js';

let env: BillingTestEnv;
beforeAll(async () => {
  env = await startBillingTestEnv();
});
afterAll(async () => {
  await env?.close();
});

function post(path: string, customerId: string | null, body: unknown, idempotencyKey?: string) {
  return env.call(path, {
    ...jsonPost(body, idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey }),
    customerId,
  });
}

async function errorOf(response: Response) {
  return ApiErrorBodySchema.parse(await response.json()).error;
}

/** A customer on a frozen test clock, subscribed and paid (mirror active). */
async function subscribedCustomer(priceId: string, quantity = 1) {
  const clock = await env.stripe.testHelpers.testClocks.create({
    frozen_time: Math.floor(Date.now() / 1000),
  });
  const customer = await env.stripe.customers.create({
    email: 'plan-change@example.com',
    test_clock: clock.id,
  });
  const started = await env.subscribeAndPay(customer.id, priceId, quantity);
  return { customerId: customer.id, subscriptionId: started.subscriptionId, clockId: clock.id };
}

async function previewChange(customerId: string, subscriptionId: string, body: unknown) {
  const response = await post(`/subscriptions/${subscriptionId}/preview-change`, customerId, body);
  expect(response.status, await response.clone().text()).toBe(200);
  return PreviewPlanChangeResponseSchema.parse(await response.json());
}

async function mirrorOf(customerId: string) {
  const listed = SubscriptionsResponseSchema.parse(
    await (await env.call('/subscriptions', { customerId })).json(),
  );
  const [subscription] = listed.subscriptions;
  if (!subscription) throw new Error('no mirrored subscription');
  return subscription;
}

async function advanceClock(clockId: string, seconds: number) {
  const clock = await env.stripe.testHelpers.testClocks.retrieve(clockId);
  await env.stripe.testHelpers.testClocks.advance(clockId, { frozen_time: clock.frozen_time + seconds });
  await env.emulator.flushWebhooks();
}

async function updateInvoices(subscriptionId: string): Promise<Stripe.Invoice[]> {
  const invoices = await env.stripe.invoices.list({ subscription: subscriptionId, limit: 100 });
  return invoices.data.filter((invoice) => invoice.billing_reason === 'subscription_update');
}

describe('upgrading now', () => {
  it('charges exactly the previewed amountDueNow and mirrors the new plan at once', async () => {
    const { customerId, subscriptionId, clockId } = await subscribedCustomer(
      env.catalog.starter.monthlyPriceId,
    );
    await advanceClock(clockId, 10 * 86_400); // a third of the month used

    const preview = await previewChange(customerId, subscriptionId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 2,
    });
    expect(preview).toMatchObject({ kind: 'upgrade', appliesAt: 'now', currency: 'usd' });
    expect(preview.creditForUnusedTime).toBeLessThan(0);
    expect(preview.chargeForNewPlan).toBeGreaterThan(-preview.creditForUnusedTime);
    expect(preview.amountDueNow).toBe(preview.creditForUnusedTime + preview.chargeForNewPlan);
    expect(preview.lines.every((line) => line.proration)).toBe(true);
    expect(preview.nextInvoiceAmount).toBe(3000);

    const response = await post(
      `/subscriptions/${subscriptionId}/change`,
      customerId,
      { priceId: env.catalog.team.seatPriceId, quantity: 2, prorationDate: preview.prorationDate },
      'upgrade-1',
    );
    expect(response.status, await response.clone().text()).toBe(200);
    const changed = ChangePlanResponseSchema.parse(await response.json());
    expect(changed.outcome).toBe('applied');
    expect(changed.paymentAction).toBeNull();
    // Eager sync: the answer already shows the new plan and its next invoice, before any webhook.
    expect(changed.subscription).toMatchObject({
      priceId: env.catalog.team.seatPriceId,
      planName: 'Team',
      quantity: 2,
      status: 'active',
      scheduledChange: null,
      latestInvoiceStatus: 'paid',
      nextInvoice: { amount: 3000, date: preview.nextInvoiceDate },
    });

    // What Stripe actually charged equals the preview, to the minor unit.
    const [invoice] = await updateInvoices(subscriptionId);
    expect(invoice?.status).toBe('paid');
    expect(invoice?.amount_paid).toBe(preview.amountDueNow);
  });

  it('makes one change in Stripe for a double submit with one Idempotency-Key', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.team.seatPriceId, 1);
    const preview = await previewChange(customerId, subscriptionId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 3,
    });
    expect(preview.kind).toBe('quantity_increase');
    const body = { priceId: env.catalog.team.seatPriceId, quantity: 3, prorationDate: preview.prorationDate };

    const responses = await Promise.all([
      post(`/subscriptions/${subscriptionId}/change`, customerId, body, 'seats-double'),
      post(`/subscriptions/${subscriptionId}/change`, customerId, body, 'seats-double'),
    ]);
    for (const response of responses) expect(response.status, await response.clone().text()).toBe(200);
    const invoices = await updateInvoices(subscriptionId);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.amount_paid).toBe(preview.amountDueNow);
    const charges = await env.stripe.charges.list({ customer: customerId, limit: 100 });
    expect(charges.data.filter((charge) => charge.status === 'succeeded')).toHaveLength(2); // start + one change
  });

  it('leaves the plan unchanged and answers 402 card_declined when the card is declined', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    const failing = await env.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer: customerId,
    });
    await env.stripe.subscriptions.update(subscriptionId, { default_payment_method: failing.id });
    await env.emulator.flushWebhooks();

    const preview = await previewChange(customerId, subscriptionId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
    });
    const response = await post(`/subscriptions/${subscriptionId}/change`, customerId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
      prorationDate: preview.prorationDate,
    });
    expect(response.status).toBe(402);
    const error = await errorOf(response);
    expect(error.code).toBe('card_declined');
    expect(error.declineCode).toBeTruthy();
    expect(error.message).not.toMatch(/stripe|pi_|in_/i);

    const inStripe = await env.stripe.subscriptions.retrieve(subscriptionId);
    expect(inStripe.items.data[0]?.price.id).toBe(env.catalog.starter.monthlyPriceId);
    expect(inStripe.status).toBe('active');
    await env.emulator.flushWebhooks();
    expect(await mirrorOf(customerId)).toMatchObject({
      priceId: env.catalog.starter.monthlyPriceId,
      status: 'active',
    });
  });

  it('answers requires_action with the client secret for 3D Secure, and /confirm applies the paid change', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    const card = await env.stripe.paymentMethods.attach('pm_card_authenticationRequired', {
      customer: customerId,
    });
    await env.stripe.subscriptions.update(subscriptionId, { default_payment_method: card.id });

    const preview = await previewChange(customerId, subscriptionId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
    });
    const response = await post(`/subscriptions/${subscriptionId}/change`, customerId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
      prorationDate: preview.prorationDate,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const changed = ChangePlanResponseSchema.parse(await response.json());
    expect(changed.outcome).toBe('requires_action');
    const clientSecret = changed.paymentAction?.clientSecret ?? '';
    expect(clientSecret).toMatch(/^pi_.+_secret_/);
    expect(changed.subscription.priceId).toBe(env.catalog.starter.monthlyPriceId);

    // The bank's challenge, as the fake Stripe.js completes it.
    const intentId = clientSecret.split('_secret_')[0];
    const authenticated = await fetch(`${env.emulator.url}/v1/payment_intents/${intentId}/authenticate`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer sk_test_billing_kit_server',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ outcome: 'complete', client_secret: clientSecret }),
    });
    expect(authenticated.status).toBe(200);

    const confirmed = await post(`/subscriptions/${subscriptionId}/confirm`, customerId, {});
    expect(confirmed.status).toBe(200);
    expect(SubscriptionResponseSchema.parse(await confirmed.json()).subscription).toMatchObject({
      priceId: env.catalog.team.seatPriceId,
      latestInvoiceStatus: 'paid',
    });
  });

  it('refuses a prorationDate outside the current period or in the future with 400 preview_expired', async () => {
    const { customerId, subscriptionId, clockId } = await subscribedCustomer(
      env.catalog.starter.monthlyPriceId,
    );
    const preview = await previewChange(customerId, subscriptionId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
    });
    await advanceClock(clockId, 32 * 86_400); // renewed: the preview's period is over

    const body = { priceId: env.catalog.team.seatPriceId, quantity: 1, prorationDate: preview.prorationDate };
    const stale = await post(`/subscriptions/${subscriptionId}/change`, customerId, body);
    expect(stale.status).toBe(400);
    expect(await errorOf(stale)).toMatchObject({ code: 'preview_expired', field: 'prorationDate' });

    const fresh = await previewChange(customerId, subscriptionId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
    });
    const future = await post(`/subscriptions/${subscriptionId}/change`, customerId, {
      ...body,
      prorationDate: fresh.prorationDate + 7 * 86_400,
    });
    expect(future.status).toBe(400);
    expect((await errorOf(future)).code).toBe('preview_expired');
    expect(await updateInvoices(subscriptionId)).toHaveLength(0);
  });
});

describe('downgrading at the period end', () => {
  it('schedules the change, shows it in the mirror, and applies it when the clock passes the period end', async () => {
    const { customerId, subscriptionId, clockId } = await subscribedCustomer(env.catalog.team.seatPriceId, 2);
    const preview = await previewChange(customerId, subscriptionId, {
      priceId: env.catalog.starter.monthlyPriceId,
      quantity: 1,
    });
    expect(preview).toMatchObject({
      kind: 'downgrade',
      appliesAt: 'period_end',
      amountDueNow: 0,
      creditForUnusedTime: 0,
      nextInvoiceAmount: 1000,
    });
    expect(preview.effectiveAt).toBe(preview.nextInvoiceDate);

    const response = await post(`/subscriptions/${subscriptionId}/change`, customerId, {
      priceId: env.catalog.starter.monthlyPriceId,
      quantity: 1,
      prorationDate: preview.prorationDate,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const changed = ChangePlanResponseSchema.parse(await response.json());
    expect(changed.outcome).toBe('scheduled');
    expect(changed.subscription).toMatchObject({
      priceId: env.catalog.team.seatPriceId,
      quantity: 2,
      scheduledChange: {
        priceId: env.catalog.starter.monthlyPriceId,
        planName: 'Starter',
        interval: 'month',
        quantity: 1,
        effectiveAt: preview.effectiveAt,
      },
      nextInvoice: { amount: 1000, date: preview.nextInvoiceDate },
    });
    expect(await updateInvoices(subscriptionId)).toHaveLength(0);

    // Webhooks keep the mirror right once the clock crosses the period end.
    await advanceClock(clockId, preview.effectiveAt - changed.subscription.currentPeriodStart + 3_600);
    const after = await mirrorOf(customerId);
    expect(after).toMatchObject({
      priceId: env.catalog.starter.monthlyPriceId,
      quantity: 1,
      status: 'active',
      scheduledChange: null,
    });
    const renewal = (await env.stripe.invoices.list({ subscription: subscriptionId, limit: 100 })).data.find(
      (invoice) => invoice.billing_reason === 'subscription_cycle',
    );
    expect(renewal?.amount_paid).toBe(1000);
  });

  it('schedules another change once an earlier scheduled change has taken effect (the schedule is in its second phase)', async () => {
    const { customerId, subscriptionId, clockId } = await subscribedCustomer(env.catalog.team.seatPriceId, 3);
    const first = await previewChange(customerId, subscriptionId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 2,
    });
    await post(`/subscriptions/${subscriptionId}/change`, customerId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 2,
      prorationDate: first.prorationDate,
    });
    // The period ends: the first change applies and the schedule moves on to its second phase.
    const before = await mirrorOf(customerId);
    await advanceClock(clockId, before.currentPeriodEnd - before.currentPeriodStart + 3_600);
    const during = await env.stripe.subscriptions.retrieve(subscriptionId, { expand: ['schedule'] });
    expect(during.items.data[0]?.quantity).toBe(2);
    expect(during.schedule).toMatchObject({ status: 'active' });

    const second = await previewChange(customerId, subscriptionId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
    });
    const response = await post(`/subscriptions/${subscriptionId}/change`, customerId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
      prorationDate: second.prorationDate,
    });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(ChangePlanResponseSchema.parse(await response.json()).subscription).toMatchObject({
      quantity: 2,
      scheduledChange: { quantity: 1, effectiveAt: second.effectiveAt },
    });
  });

  it('cancels a scheduled change so the current plan renews', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.team.seatPriceId, 3);
    const preview = await previewChange(customerId, subscriptionId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
    });
    expect(preview.kind).toBe('quantity_decrease');
    await post(`/subscriptions/${subscriptionId}/change`, customerId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
      prorationDate: preview.prorationDate,
    });
    expect((await mirrorOf(customerId)).scheduledChange).toMatchObject({ quantity: 1 });

    const response = await post(`/subscriptions/${subscriptionId}/cancel-scheduled-change`, customerId, {});
    expect(response.status, await response.clone().text()).toBe(200);
    const { subscription } = SubscriptionResponseSchema.parse(await response.json());
    expect(subscription).toMatchObject({ quantity: 3, scheduledChange: null, nextInvoice: { amount: 4500 } });
    const inStripe = await env.stripe.subscriptions.retrieve(subscriptionId);
    expect(inStripe.schedule).toBeNull();

    const again = await post(`/subscriptions/${subscriptionId}/cancel-scheduled-change`, customerId, {});
    expect(again.status).toBe(409);
  });
});

describe('cancel at period end and resume', () => {
  it('sets and undoes cancel_at_period_end, with the mirror following at once', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);

    const canceled = await post(`/subscriptions/${subscriptionId}/cancel`, customerId, {}, 'cancel-1');
    expect(canceled.status).toBe(200);
    expect(SubscriptionResponseSchema.parse(await canceled.json()).subscription).toMatchObject({
      status: 'active',
      cancelAtPeriodEnd: true,
      nextInvoice: null,
    });
    expect((await env.stripe.subscriptions.retrieve(subscriptionId)).cancel_at_period_end).toBe(true);

    // Changing plans while canceling is refused until the customer resumes.
    const blocked = await post(`/subscriptions/${subscriptionId}/preview-change`, customerId, {
      priceId: env.catalog.team.seatPriceId,
    });
    expect(blocked.status).toBe(409);

    const resumed = await post(`/subscriptions/${subscriptionId}/resume`, customerId, {}, 'resume-1');
    expect(resumed.status).toBe(200);
    expect(SubscriptionResponseSchema.parse(await resumed.json()).subscription).toMatchObject({
      cancelAtPeriodEnd: false,
      nextInvoice: { amount: 1000 },
    });
    expect((await env.stripe.subscriptions.retrieve(subscriptionId)).cancel_at_period_end).toBe(false);
  });

  it('answers 409 and catches the mirror up when Stripe ended the subscription before its webhook arrived', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    // Stripe cancels it (as dunning would), and the events saying so are lost on the way.
    env.emulator.control.dropNextDeliveries({ count: 10 });
    await env.stripe.subscriptions.cancel(subscriptionId);
    await env.emulator.flushWebhooks();
    env.emulator.control.clearFaults();
    expect((await mirrorOf(customerId)).status).toBe('active');

    const response = await post(`/subscriptions/${subscriptionId}/cancel`, customerId, {}, 'cancel-ended');

    expect(response.status).toBe(409);
    expect(await errorOf(response)).toMatchObject({ code: 'conflict' });
    expect((await mirrorOf(customerId)).status).toBe('canceled');
  });
});

describe('refusals', () => {
  it("answers 404 to another customer's subscription id on every route, with zero Stripe calls", async () => {
    const { subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    const intruder = await env.createCustomer();
    const counting = countingStripe(env.emulator);
    const billing = env.createBillingWith({ stripe: counting.stripe });
    const attempts: Array<[string, unknown]> = [
      ['preview-change', { priceId: env.catalog.team.seatPriceId }],
      ['change', { priceId: env.catalog.team.seatPriceId, prorationDate: 1 }],
      ['confirm', {}],
      ['cancel', {}],
      ['resume', {}],
      ['cancel-scheduled-change', {}],
    ];
    for (const [action, body] of attempts) {
      const response = await billing.handler(
        new Request(`${env.apiUrl}/subscriptions/${subscriptionId}/${action}`, {
          ...jsonPost(body),
          headers: { 'content-type': 'application/json', 'x-test-customer': intruder },
        }),
      );
      expect(response.status, action).toBe(404);
      expect((await errorOf(response)).code).toBe('not_found');
    }
    const madeUp = await billing.handler(
      new Request(`${env.apiUrl}/subscriptions/sub_made_up/cancel`, {
        ...jsonPost({}),
        headers: { 'content-type': 'application/json', 'x-test-customer': intruder },
      }),
    );
    expect(madeUp.status).toBe(404);
    expect(counting.calls).toEqual([]);
  });

  it('answers 400 naming the field to bad bodies, prices outside the catalog and seats on a flat plan', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    const counting = countingStripe(env.emulator);
    const billing = env.createBillingWith({ stripe: counting.stripe });
    const send = (body: unknown) =>
      billing.handler(
        new Request(`${env.apiUrl}/subscriptions/${subscriptionId}/change`, {
          ...jsonPost(body),
          headers: { 'content-type': 'application/json', 'x-test-customer': customerId },
        }),
      );
    const cases: Array<[unknown, string]> = [
      [{ priceId: env.catalog.team.seatPriceId }, 'prorationDate'],
      [{ priceId: env.catalog.team.seatPriceId, prorationDate: 1, customer: 'cus_x' }, 'customer'],
      [{ priceId: 'price_not_in_catalog', prorationDate: 1 }, 'priceId'],
      [{ priceId: env.catalog.starter.yearlyPriceId, quantity: 2, prorationDate: 1 }, 'quantity'],
      [{ priceId: env.catalog.team.seatPriceId, quantity: 10_001, prorationDate: 1 }, 'quantity'],
      [{ priceId: env.catalog.starter.monthlyPriceId, prorationDate: 1 }, 'priceId'], // already the plan
    ];
    for (const [body, field] of cases) {
      const response = await send(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await errorOf(response)).toMatchObject({ code: 'invalid_request', field });
    }
    expect(counting.calls).toEqual([]);
  });

  it('answers 502 stripe_unavailable, retryable, when Stripe fails during a change, and changes nothing', async () => {
    const { customerId, subscriptionId } = await subscribedCustomer(env.catalog.starter.monthlyPriceId);
    const preview = await previewChange(customerId, subscriptionId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
    });
    await env.emulator.control.failNextRequests({
      count: 1,
      status: 500,
      shouldRetry: false,
      method: 'POST',
      path: `/v1/subscriptions/${subscriptionId}`,
    });
    const response = await post(`/subscriptions/${subscriptionId}/change`, customerId, {
      priceId: env.catalog.team.seatPriceId,
      quantity: 1,
      prorationDate: preview.prorationDate,
    });
    expect(response.status).toBe(502);
    expect(await errorOf(response)).toMatchObject({ code: 'stripe_unavailable', retryable: true });
    expect((await env.stripe.subscriptions.retrieve(subscriptionId)).items.data[0]?.price.id).toBe(
      env.catalog.starter.monthlyPriceId,
    );
  });
});
