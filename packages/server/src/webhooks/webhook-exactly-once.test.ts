import { SubscriptionsResponseSchema } from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingTestEnv, startBillingTestEnv } from '../../test/billing-test-env.js';
import { createPostgresTestStore } from '../../test/postgres-test-store.js';
import { type StripeCallLog, startStripeCallLog } from '../../test/stripe-call-log.js';
import { type Billing, type BillingStore, createPGliteStore } from '../index.js';

/** A Stripe-shaped event payload about `object`, with a fresh id. */
function eventJson(type: string, object: Record<string, unknown>) {
  return JSON.stringify({
    id: `evt_test_${crypto.randomUUID().replaceAll('-', '')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    type,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object },
  });
}

/** A store that fails `method` (like a dropped database connection) `times` times, then works. */
function storeFailing(store: BillingStore, method: keyof BillingStore, times = 1): BillingStore {
  let left = times;
  const original = store[method] as (...args: unknown[]) => Promise<unknown>;
  return {
    ...store,
    [method]: async (...args: unknown[]) => {
      if (left > 0) {
        left -= 1;
        throw new Error('Connection terminated unexpectedly');
      }
      return original(...args);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  ['PGlite', () => createPGliteStore()],
  ['PostgreSQL', () => createPostgresTestStore('pipeline')],
])('the webhook pipeline on %s', (_storeName, openStore) => {
  let env: BillingTestEnv;
  let counter: StripeCallLog;
  beforeAll(async () => {
    env = await startBillingTestEnv({ openStore });
    counter = await startStripeCallLog(env.emulator);
  });
  afterAll(async () => {
    await counter?.close();
    await env?.close();
  });

  const sign = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
    env.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? env.webhookSecret,
      ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
    });

  const deliver = (billing: Billing, payload: string, signature: string | null = sign(payload)) => {
    const headers = new Headers({ 'content-type': 'application/json' });
    if (signature !== null) headers.set('stripe-signature', signature);
    return billing.handler(new Request(`${env.apiUrl}/webhooks`, { method: 'POST', headers, body: payload }));
  };

  const ledgerEntry = async (eventId: string) =>
    (await env.store.listWebhookEvents()).find((event) => event.id === eventId);

  const mirrored = async (customerId: string) => {
    const response = await env.call('/subscriptions', { customerId });
    return SubscriptionsResponseSchema.parse(await response.json()).subscriptions;
  };

  /** A paid subscription whose webhooks are all in, and a billing API whose Stripe calls are counted. */
  async function subscribed() {
    const customerId = await env.createCustomer();
    const { subscriptionId } = await env.subscribeAndPay(customerId, env.catalog.starter.monthlyPriceId);
    if (!subscriptionId) throw new Error('The start answered no subscription id.');
    return { customerId, subscriptionId, billing: env.createBillingWith({ stripe: counter.stripe }) };
  }

  /** How many Stripe calls applying one subscription event makes: the yardstick for "applied once". */
  async function callsOfOneApply(billing: Billing, subscriptionId: string) {
    counter.reset();
    const payload = eventJson('customer.subscription.updated', {
      id: subscriptionId,
      object: 'subscription',
    });
    expect((await deliver(billing, payload)).status).toBe(200);
    const calls = counter.requests();
    expect(calls).toContain(`GET /v1/subscriptions/${subscriptionId}`);
    counter.reset();
    return calls;
  }

  describe('given the same event delivered many times', () => {
    it('applies it once for sequential duplicates and answers each later one 200 duplicate', async () => {
      const { subscriptionId, billing } = await subscribed();
      const oneApply = await callsOfOneApply(billing, subscriptionId);
      const payload = eventJson('customer.subscription.updated', {
        id: subscriptionId,
        object: 'subscription',
      });

      const answers = [];
      for (let delivery = 0; delivery < 5; delivery += 1)
        answers.push(await (await deliver(billing, payload)).json());
      expect(answers).toEqual([
        { received: true },
        ...Array.from({ length: 4 }, () => ({ received: true, duplicate: true })),
      ]);
      expect(counter.requests()).toEqual(oneApply);
      expect(await ledgerEntry(JSON.parse(payload).id)).toMatchObject({ attempts: 5, lastError: null });
    });

    it('applies it once when 20 deliveries arrive at the same time, the others answering duplicate or retry-later', async () => {
      const { subscriptionId, billing } = await subscribed();
      const oneApply = await callsOfOneApply(billing, subscriptionId);
      const payload = eventJson('customer.subscription.updated', {
        id: subscriptionId,
        object: 'subscription',
      });

      const responses = await Promise.all(Array.from({ length: 20 }, () => deliver(billing, payload)));
      const answers = await Promise.all(
        responses.map(async (response) => ({ status: response.status, body: await response.json() })),
      );
      const appliers = answers.filter((answer) => answer.status === 200 && !answer.body.duplicate);
      expect(appliers).toHaveLength(1);
      for (const answer of answers) {
        if (answer.status === 409)
          expect(answer.body.error).toMatchObject({ code: 'conflict', retryable: true });
        else expect(answer.status).toBe(200);
      }
      expect(counter.requests()).toEqual(oneApply);
      const entry = await ledgerEntry(JSON.parse(payload).id);
      expect(entry).toMatchObject({ attempts: 20, lastError: null });
      expect(entry?.appliedAt).toBeInstanceOf(Date);

      // Stripe retries the ones told to come back later: they are duplicates now, and still nothing is re-read.
      expect(await (await deliver(billing, payload)).json()).toEqual({ received: true, duplicate: true });
      expect(counter.requests()).toEqual(oneApply);
    });
  });

  describe('given deliveries out of order', () => {
    it('ends with Stripe state when the emulator shuffles deliveries of several changes', async () => {
      const { customerId, subscriptionId } = await subscribed();
      await env.emulator.control.reorderDeliveries({ batchSize: 6, holdMs: 200 });
      await env.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
      await env.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: false });
      await env.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
      await env.emulator.flushWebhooks();
      await env.emulator.control.clearFaults();
      expect(await mirrored(customerId)).toEqual([
        expect.objectContaining({ id: subscriptionId, status: 'active', cancelAtPeriodEnd: true }),
      ]);
    });

    it('never lets an older event delivered last win, even though its payload says otherwise', async () => {
      const { customerId, subscriptionId, billing } = await subscribed();
      await env.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
      await env.emulator.flushWebhooks();
      const stale = eventJson('customer.subscription.updated', {
        id: subscriptionId,
        object: 'subscription',
        status: 'incomplete',
        cancel_at_period_end: false,
      });
      expect((await deliver(billing, stale)).status).toBe(200);
      expect(await mirrored(customerId)).toEqual([
        expect.objectContaining({ id: subscriptionId, status: 'active', cancelAtPeriodEnd: true }),
      ]);
    });
  });

  describe('given applying fails', () => {
    /** Changes the subscription in Stripe without any webhook reaching the mirror. */
    async function changeBehindTheMirrorsBack(subscriptionId: string) {
      await env.emulator.control.dropNextDeliveries({ count: 1_000 });
      await env.stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
      await env.emulator.flushWebhooks();
      await env.emulator.control.clearFaults();
    }

    it('answers 500 retryable and keeps it unapplied with last_error when the mirror write fails; drain() applies it', async () => {
      const { customerId, subscriptionId } = await subscribed();
      await changeBehindTheMirrorsBack(subscriptionId);
      const failing = env.createBillingWith({ store: storeFailing(env.store, 'upsertSubscription') });
      const payload = eventJson('customer.subscription.updated', {
        id: subscriptionId,
        object: 'subscription',
      });
      const eventId = JSON.parse(payload).id;

      const response = await deliver(failing, payload);
      expect(response.status).toBe(500);
      const body = await response.text();
      expect(JSON.parse(body).error).toMatchObject({ code: 'internal_error', retryable: true });
      expect(body).not.toMatch(/Connection terminated|sk_test|whsec_/);
      expect(await ledgerEntry(eventId)).toMatchObject({
        attempts: 1,
        appliedAt: null,
        lastError: 'Error: Connection terminated unexpectedly',
      });
      expect((await mirrored(customerId))[0]?.cancelAtPeriodEnd).toBe(false);

      const report = await env.billing.drain();
      expect(report.applied).toContain(eventId);
      expect(report.failed).toEqual([]);
      expect(await ledgerEntry(eventId)).toMatchObject({ lastError: null, appliedAt: expect.any(Date) });
      expect((await mirrored(customerId))[0]?.cancelAtPeriodEnd).toBe(true);
      expect((await env.billing.drain()).applied).not.toContain(eventId);
    });

    it('leaves an event claimed by a process that died midway for a later delivery or drain() once its lease ran out', async () => {
      const { customerId, subscriptionId } = await subscribed();
      await changeBehindTheMirrorsBack(subscriptionId);
      const leaseMs = 400;
      // The database goes away after the re-read: neither "applied" nor "failed" can be written, as in a crash.
      const dying = env.createBillingWith({
        store: storeFailing(storeFailing(env.store, 'markWebhookEventApplied'), 'markWebhookEventFailed'),
        webhooks: { claimLeaseMs: leaseMs },
      });
      const survivor = env.createBillingWith({ webhooks: { claimLeaseMs: leaseMs } });
      const payload = eventJson('invoice.paid', {
        id: 'in_crash',
        object: 'invoice',
        parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId } },
      });
      const eventId = JSON.parse(payload).id;

      const crashed = Date.now();
      expect((await deliver(dying, payload)).status).toBe(500);
      expect(await ledgerEntry(eventId)).toMatchObject({ attempts: 1, appliedAt: null });

      // While the lease runs, the claim is respected: a redelivery is told to come back, drain() leaves it.
      if (Date.now() - crashed < leaseMs - 100) {
        expect((await deliver(survivor, payload)).status).toBe(409);
        expect((await survivor.drain()).applied).not.toContain(eventId);
      }
      await sleep(leaseMs + 50);
      expect((await survivor.drain()).applied).toEqual(expect.arrayContaining([eventId]));
      expect(await ledgerEntry(eventId)).toMatchObject({ appliedAt: expect.any(Date), lastError: null });
      expect((await mirrored(customerId))[0]?.cancelAtPeriodEnd).toBe(true);
      expect(await (await deliver(survivor, payload)).json()).toEqual({ received: true, duplicate: true });
    });

    it('answers 500 retryable while Stripe fails the re-read, and applies the retry', async () => {
      const { subscriptionId, billing } = await subscribed();
      const payload = eventJson('customer.subscription.updated', {
        id: subscriptionId,
        object: 'subscription',
      });
      const eventId = JSON.parse(payload).id;
      await env.emulator.control.failNextRequests({ count: 1, status: 503, path: '/v1/subscriptions/*' });

      const down = await deliver(billing, payload);
      expect(down.status).toBe(500);
      expect((await down.json()).error.retryable).toBe(true);
      expect(await ledgerEntry(eventId)).toMatchObject({
        appliedAt: null,
        lastError: expect.stringMatching(/Stripe/),
      });

      expect(await (await deliver(billing, payload)).json()).toEqual({ received: true });
      expect(await ledgerEntry(eventId)).toMatchObject({
        attempts: 2,
        lastError: null,
        appliedAt: expect.any(Date),
      });
    });
  });

  describe.each(['node', 'web'] as const)('signature checks with %s crypto', (cryptoChoice) => {
    let billing: Billing;
    beforeAll(() => {
      billing = env.createBillingWith({ webhooks: { crypto: cryptoChoice } });
    });

    it('accepts a correctly signed event', async () => {
      const payload = eventJson('customer.created', { id: 'cus_signed', object: 'customer' });
      expect((await deliver(billing, payload)).status).toBe(200);
      expect(await ledgerEntry(JSON.parse(payload).id)).toMatchObject({ type: 'customer.created' });
    });

    const now = () => Math.floor(Date.now() / 1000);
    it.each([
      ['missing', (payload: string) => ({ payload, signature: null })],
      ['empty', (payload: string) => ({ payload, signature: '' })],
      ['malformed', (payload: string) => ({ payload, signature: 'not-a-stripe-signature' })],
      ['without a v1 signature', (payload: string) => ({ payload, signature: `t=${now()}` })],
      [
        'with a garbled v1 signature',
        (payload: string) => ({ payload, signature: `t=${now()},v1=${'0'.repeat(64)}` }),
      ],
      ['made for other bytes', (payload: string) => ({ payload: `${payload} `, signature: sign(payload) })],
      [
        'made with another secret',
        (payload: string) => ({ payload, signature: sign(payload, { secret: 'whsec_wrong' }) }),
      ],
      [
        'stale (10 minutes old)',
        (payload: string) => ({ payload, signature: sign(payload, { timestamp: now() - 600 }) }),
      ],
    ])('refuses a signature %s with 400 invalid_signature and records nothing', async (_case, tamper) => {
      const original = eventJson('customer.subscription.updated', {
        id: 'sub_forged',
        object: 'subscription',
      });
      const { payload, signature } = tamper(original);
      const response = await deliver(billing, payload, signature);
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe('invalid_signature');
      expect(await ledgerEntry(JSON.parse(original).id)).toBeUndefined();
    });
  });
});
