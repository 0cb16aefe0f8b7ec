import { SubscriptionsResponseSchema } from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingTestEnv, startBillingTestEnv, unreachableStripe } from '../../test/billing-test-env.js';

let env: BillingTestEnv;
beforeAll(async () => {
  env = await startBillingTestEnv();
});
afterAll(async () => {
  await env?.close();
});

/** A Stripe-shaped event payload whose object is `object`. */
function eventJson(type: string, object: Record<string, unknown>, created = Math.floor(Date.now() / 1000)) {
  return JSON.stringify({
    id: `evt_test_${crypto.randomUUID().replaceAll('-', '')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
}

function sign(payload: string, options: { secret?: string; timestamp?: number } = {}) {
  return env.stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? env.webhookSecret,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
  });
}

function deliver(payload: string, signature: string | null, handler = env.billing.handler) {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (signature !== null) headers.set('stripe-signature', signature);
  return handler(new Request(`${env.apiUrl}/webhooks`, { method: 'POST', headers, body: payload }));
}

async function ledgerEntry(eventId: string) {
  return (await env.store.listWebhookEvents()).find((event) => event.id === eventId);
}

async function mirroredSubscriptions(customerId: string) {
  const response = await env.call('/subscriptions', { customerId });
  return SubscriptionsResponseSchema.parse(await response.json()).subscriptions;
}

describe('webhook signature', () => {
  const subscriptionObject = { id: 'sub_forged', object: 'subscription', status: 'active' };

  it.each([
    ['missing', (payload: string) => ({ payload, signature: null })],
    [
      'for other bytes',
      (payload: string) => ({ payload: payload.replace('active', 'canceled'), signature: sign(payload) }),
    ],
    [
      'made with another secret',
      (payload: string) => ({ payload, signature: sign(payload, { secret: 'whsec_wrong' }) }),
    ],
    [
      'stale (10 minutes old)',
      (payload: string) => ({
        payload,
        signature: sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 }),
      }),
    ],
  ])('is refused with 400 invalid_signature when %s, and nothing is recorded', async (_case, tamper) => {
    const original = eventJson('customer.subscription.updated', subscriptionObject);
    const { payload, signature } = tamper(original);
    const response = await deliver(payload, signature);
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalid_signature');
    expect(await ledgerEntry(JSON.parse(original).id)).toBeUndefined();
  });
});

describe('webhook delivery', () => {
  it('applies a duplicate delivery once', async () => {
    const customerId = await env.createCustomer();
    const { subscriptionId } = await env.subscribeAndPay(customerId, env.catalog.starter.monthlyPriceId);
    const payload = eventJson('customer.subscription.updated', {
      id: subscriptionId,
      object: 'subscription',
    });
    const eventId = JSON.parse(payload).id;

    const first = await deliver(payload, sign(payload));
    expect(first.status).toBe(200);
    const afterFirst = await ledgerEntry(eventId);
    expect(afterFirst?.appliedAt).toBeInstanceOf(Date);

    const second = await deliver(payload, sign(payload));
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ received: true, duplicate: true });
    const afterSecond = await ledgerEntry(eventId);
    expect(afterSecond).toMatchObject({ attempts: 2, lastError: null, appliedAt: afterFirst?.appliedAt });
  });

  it('does not let an old event delivered late regress the mirror', async () => {
    const customerId = await env.createCustomer();
    const { subscriptionId } = await env.subscribeAndPay(customerId, env.catalog.starter.monthlyPriceId);
    expect((await mirroredSubscriptions(customerId))[0]?.status).toBe('active');

    // Stripe's own snapshot from before the payment (status incomplete) arrives after everything else, as a
    // delivery the ledger has not seen.
    const created = (
      await env.stripe.events.list({ type: 'customer.subscription.created', limit: 100 })
    ).data.find((event) => (event.data.object as { id: string }).id === subscriptionId);
    expect((created?.data.object as { status?: string } | undefined)?.status).toBe('incomplete');
    const late = JSON.stringify({ ...created, id: `${created?.id}_late` });
    const response = await deliver(late, sign(late));
    expect(response.status).toBe(200);
    expect((await ledgerEntry(JSON.parse(late).id))?.appliedAt).toBeInstanceOf(Date);
    expect(await mirroredSubscriptions(customerId)).toEqual([
      expect.objectContaining({ id: subscriptionId, status: 'active' }),
    ]);
  });

  it('records the error and answers 500 when applying fails, then applies a later delivery', async () => {
    const customerId = await env.createCustomer();
    const { subscriptionId } = await env.subscribeAndPay(customerId, env.catalog.starter.monthlyPriceId);
    const payload = eventJson('invoice.paid', {
      id: 'in_test',
      object: 'invoice',
      parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId } },
    });
    const eventId = JSON.parse(payload).id;

    const whileStripeIsDown = env.createBillingWith({ stripe: await unreachableStripe() });
    const failed = await deliver(payload, sign(payload), whileStripeIsDown.handler);
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    const afterFailure = await ledgerEntry(eventId);
    expect(afterFailure).toMatchObject({ attempts: 1, appliedAt: null });
    expect(afterFailure?.lastError).toEqual(expect.any(String));

    const retried = await deliver(payload, sign(payload));
    expect(retried.status).toBe(200);
    const afterRetry = await ledgerEntry(eventId);
    expect(afterRetry).toMatchObject({ attempts: 2, lastError: null });
    expect(afterRetry?.appliedAt).toBeInstanceOf(Date);
  });

  it('records and acknowledges events the mirror does not use', async () => {
    const payload = eventJson('customer.created', { id: 'cus_unused', object: 'customer' });
    const response = await deliver(payload, sign(payload));
    expect(response.status).toBe(200);
    expect(await ledgerEntry(JSON.parse(payload).id)).toMatchObject({
      type: 'customer.created',
      attempts: 1,
    });
  });
});
