import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startEmulatorFixture, startWebhookReceiver } from '../../test/emulator-fixture.js';
import { startStripeEmulator } from '../index.js';

interface Received {
  rawBody: string;
  signature: string;
  status: number;
}

const received: Received[] = [];
/** Answer 500 to the first delivery of this event type, to exercise the retry. */
const failOnceFor = 'invoice.paid';
let failedOnce = false;

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_webhooks',
  emulator: { webhookRetry: { initialDelayMs: 20, maxAttempts: 3 } },
  resetBeforeEach: false,
});
const receiverUrl = `${await startWebhookReceiver(({ rawBody, signature }) => {
  const type = (JSON.parse(rawBody) as { type: string }).type;
  const status = type === failOnceFor && !failedOnce ? 500 : 200;
  if (status === 500) failedOnce = true;
  received.push({ rawBody, signature, status });
  return { status, body: status === 200 ? '{"received":true}' : 'boom' };
})}/webhooks`;

const { emulator: capped, stripe: cappedStripe } = await startEmulatorFixture({
  apiKey: 'sk_test_capped_backoff',
  emulator: { webhookRetry: { initialDelayMs: 40, maxDelayMs: 40, maxAttempts: 6 } },
  resetBeforeEach: false,
});
const attemptsAt: number[] = [];
const alwaysFailingUrl = await startWebhookReceiver(() => {
  attemptsAt.push(Date.now());
  return { status: 500, body: 'down' };
});

const { emulator: bounded, stripe: boundedStripe } = await startEmulatorFixture({
  apiKey: 'sk_test_bounded',
  emulator: {
    webhookRetry: { initialDelayMs: 10, maxDelayMs: 10, maxAttempts: 5, maxConcurrentAttempts: 2 },
  },
  resetBeforeEach: false,
});
/** How long the slow receiver holds each request. */
const HOLD_MS = 30;
/** What the slow receiver holds at once, per path and in all, and the most it ever held. */
const held = { byPath: new Map<string, number>(), maxByPath: new Map<string, number>(), total: 0, max: 0 };
const seenEvents = new Set<string>();
/** A slow receiver that fails each event's first attempt and counts the requests it holds. */
const slowUrl = await startWebhookReceiver(({ rawBody, path }) => {
  const holding = (held.byPath.get(path) ?? 0) + 1;
  held.byPath.set(path, holding);
  held.maxByPath.set(path, Math.max(held.maxByPath.get(path) ?? 0, holding));
  held.total += 1;
  held.max = Math.max(held.max, held.total);
  // Set before the fixture's own answer timer, so it runs first: the count drops just before the answer leaves.
  setTimeout(() => {
    held.byPath.set(path, (held.byPath.get(path) ?? 1) - 1);
    held.total -= 1;
  }, HOLD_MS);
  const key = `${path} ${(JSON.parse(rawBody) as { id: string }).id}`;
  const firstAttempt = !seenEvents.has(key);
  seenEvents.add(key);
  return { status: firstAttempt ? 500 : 200, delayMs: HOLD_MS };
});

describe('given a webhook endpoint listening to every event', () => {
  it('when a customer subscribes and pays, then signed events arrive, a 500 is retried, and constructEvent accepts them all', async () => {
    const endpoint = await stripe.webhookEndpoints.create({ url: receiverUrl, enabled_events: ['*'] });
    expect(endpoint.id).toMatch(/^we_/);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const secret = endpoint.secret as string;
    const listed = await stripe.webhookEndpoints.list();
    expect(listed.data.map((entry) => entry.id)).toEqual([endpoint.id]);
    expect(listed.data[0]?.secret).toBeUndefined();

    const product = await stripe.products.create({ name: 'Pro' });
    const price = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1500,
      recurring: { interval: 'month' },
    });
    const customer = await stripe.customers.create({ email: 'hooks@example.com' });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      payment_settings: { save_default_payment_method: 'on_subscription' },
      expand: ['latest_invoice.confirmation_secret'],
    });
    const clientSecret = (subscription.latest_invoice as Stripe.Invoice).confirmation_secret
      ?.client_secret as string;
    await stripe.paymentIntents.confirm(clientSecret.split('_secret_')[0] as string, {
      payment_method: 'pm_card_visa',
    });
    await emulator.flushWebhooks();

    const events = received.map((delivery) =>
      stripe.webhooks.constructEvent(delivery.rawBody, delivery.signature, secret),
    );
    const types = new Set(events.map((event) => event.type));
    for (const type of [
      'customer.created',
      'customer.subscription.created',
      'customer.subscription.updated',
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      'payment_intent.succeeded',
      'payment_method.attached',
    ]) {
      expect(types).toContain(type);
    }
    const paid = received.filter((delivery) => JSON.parse(delivery.rawBody).type === 'invoice.paid');
    expect(paid.map((delivery) => delivery.status)).toEqual([500, 200]);
    expect(JSON.parse(paid[0]?.rawBody as string).id).toBe(JSON.parse(paid[1]?.rawBody as string).id);
    const paidRecord = emulator
      .webhookDeliveries()
      .find((record) => record.eventId === JSON.parse(paid[0]?.rawBody as string).id);
    expect(paidRecord).toMatchObject({ attempts: 2, delivered: true, lastStatus: 200 });

    const updated = events.find(
      (event) => event.type === 'customer.subscription.updated',
    ) as Stripe.CustomerSubscriptionUpdatedEvent;
    expect(updated.data.object.status).toBe('active');
    expect(updated.data.previous_attributes).toMatchObject({
      status: 'incomplete',
      default_payment_method: null,
    });
    const stored = await stripe.events.retrieve(updated.id);
    expect(stored.type).toBe('customer.subscription.updated');
    expect(stored.pending_webhooks).toBe(0);
    const invoiceEvents = await stripe.events.list({ type: 'invoice.*', limit: 100 });
    expect(invoiceEvents.data.every((event) => event.type.startsWith('invoice.'))).toBe(true);
    expect(invoiceEvents.data.length).toBeGreaterThanOrEqual(4);
  });

  it('when a receiver keeps failing, then the delivery gives up after maxAttempts and flushWebhooks still resolves', async () => {
    const failing = createServer((_request, response) => {
      response.statusCode = 503;
      response.end();
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/`;
    try {
      await emulator.reset();
      await stripe.webhookEndpoints.create({ url, enabled_events: ['customer.created'] });

      const customer = await stripe.customers.create({ email: 'down@example.com' });
      await emulator.flushWebhooks();

      const records = emulator.webhookDeliveries();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ attempts: 3, delivered: false, lastStatus: 503 });
      const [event] = (await stripe.events.list({ type: 'customer.created' })).data;
      expect(event?.data.object).toMatchObject({ object: 'customer', id: customer.id });
    } finally {
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });

  it('when an endpoint is deleted, then it receives nothing more', async () => {
    await emulator.reset();
    const endpoint = await stripe.webhookEndpoints.create({
      url: receiverUrl,
      enabled_events: ['customer.created'],
    });
    const deleted = await stripe.webhookEndpoints.del(endpoint.id);
    const before = received.length;

    await stripe.customers.create({ email: 'quiet@example.com' });
    await emulator.flushWebhooks();

    expect(deleted).toMatchObject({ id: endpoint.id, deleted: true });
    expect(received.length).toBe(before);
  });

  it('when a receiver fails many times, then the waits between attempts stop growing at maxDelayMs', async () => {
    await cappedStripe.webhookEndpoints.create({
      url: alwaysFailingUrl,
      enabled_events: ['customer.created'],
    });

    await cappedStripe.customers.create({ email: 'capped@example.com' });
    await capped.flushWebhooks();

    expect(capped.webhookDeliveries()).toMatchObject([{ attempts: 6, delivered: false }]);
    const gaps = attemptsAt.slice(1).map((at, index) => at - (attemptsAt[index] as number));
    // Uncapped, the last wait would be 40 * 2^4 = 640 ms and the whole run 1.2 s.
    expect(Math.max(...gaps)).toBeLessThan(500);
    expect((attemptsAt.at(-1) ?? 0) - (attemptsAt[0] ?? 0)).toBeLessThan(1_000);
  });

  it('when a backlog meets a slow receiver, then each endpoint has at most maxConcurrentAttempts in flight, and every event arrives', async () => {
    await boundedStripe.webhookEndpoints.create({
      url: `${slowUrl}/a`,
      enabled_events: ['customer.created'],
    });
    await boundedStripe.webhookEndpoints.create({
      url: `${slowUrl}/b`,
      enabled_events: ['customer.created'],
    });

    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        boundedStripe.customers.create({ email: `backlog-${index}@example.com` }),
      ),
    );
    await bounded.flushWebhooks();

    const records = bounded.webhookDeliveries();
    expect(records).toHaveLength(24);
    // Every event failed once and was retried, and still each endpoint never held more than two attempts.
    expect(records.every((record) => record.delivered && record.attempts === 2)).toBe(true);
    expect(Object.fromEntries(held.maxByPath)).toEqual({ '/a': 2, '/b': 2 });
    expect(held.max).toBe(4);
  });
});

describe('given bad webhookRetry settings', () => {
  it.each([
    [
      { maxConcurrentAttempts: 0 },
      'webhookRetry.maxConcurrentAttempts must be a whole number of 1 or more, got 0.',
    ],
    [{ maxAttempts: 2.5 }, 'webhookRetry.maxAttempts must be a whole number of 1 or more, got 2.5.'],
    [{ timeoutMs: -5 }, 'webhookRetry.timeoutMs must be a number of 1 or more, got -5.'],
    [{ initialDelayMs: '100' }, 'webhookRetry.initialDelayMs must be a number of 0 or more, got "100".'],
    [{ maxDelayMs: Number.NaN }, 'webhookRetry.maxDelayMs must be a number of 0 or more, got null.'],
  ])(
    'when started with %o, then it refuses with a message naming the setting',
    async (webhookRetry, message) => {
      await expect(
        startStripeEmulator({ port: 0, webhookRetry: webhookRetry as Record<string, number> }),
      ).rejects.toThrow(message);
    },
  );
});
