import type Stripe from 'stripe';
import { beforeEach, describe, expect, it } from 'vitest';
import { startEmulatorFixture, startWebhookReceiver } from '../../test/emulator-fixture.js';
import type { DeliveryRecord } from '../index.js';

interface Arrival {
  eventId: string;
  type: string;
  rawBody: string;
  signature: string;
  path: string;
}

/** How the receiver answers the nth request (0-based) it gets for one event id; 200 by default. */
type Behaviour = (eventId: string, attempt: number) => { status: number; delayMs?: number };

let arrivals: Arrival[] = [];
let behaviour: Behaviour = () => ({ status: 200 });

const { emulator, stripe } = await startEmulatorFixture({
  apiKey: 'sk_test_faults',
  emulator: { seed: 11, webhookRetry: { initialDelayMs: 20, maxAttempts: 3 } },
  sdk: { maxNetworkRetries: 0 },
});
const baseUrl = await startWebhookReceiver(({ rawBody, signature, path }) => {
  const event = JSON.parse(rawBody) as { id: string; type: string };
  const attempt = arrivals.filter((arrival) => arrival.eventId === event.id).length;
  arrivals.push({ eventId: event.id, type: event.type, rawBody, signature, path });
  return behaviour(event.id, attempt);
});

beforeEach(() => {
  arrivals = [];
  behaviour = () => ({ status: 200 });
});

async function endpointFor(enabledEvents: Stripe.WebhookEndpointCreateParams.EnabledEvent[], path = '/hook') {
  const endpoint = await stripe.webhookEndpoints.create({
    url: `${baseUrl}${path}`,
    enabled_events: enabledEvents,
  });
  return { endpoint, secret: endpoint.secret as string };
}

/** Creates `count` customers one after the other and returns their `customer.created` event ids, in order. */
async function createCustomers(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const customer = await stripe.customers.create({ email: `c${index}@example.com` });
    const [event] = (await stripe.events.list({ type: 'customer.created', limit: 1 })).data;
    expect(event?.data.object).toMatchObject({ id: customer.id });
    ids.push(event?.id as string);
  }
  return ids;
}

describe('given webhook endpoints with enabled_events', () => {
  it('when events happen, then each endpoint gets only the types it enabled, and updates and disabling are honoured', async () => {
    await endpointFor(['customer.created'], '/customers');
    await endpointFor(['product.created'], '/products');
    const { endpoint: all } = await endpointFor(['*'], '/all');

    await stripe.customers.create({ email: 'one@example.com' });
    await stripe.products.create({ name: 'Pro' });
    await emulator.flushWebhooks();
    const firstRound = arrivals.map((arrival) => `${arrival.path} ${arrival.type}`).sort();
    arrivals = [];
    const updated = await stripe.webhookEndpoints.update(all.id, { enabled_events: ['product.created'] });
    await stripe.customers.create({ email: 'two@example.com' });
    await stripe.webhookEndpoints.update(all.id, { disabled: true });
    await stripe.products.create({ name: 'Team' });
    await emulator.flushWebhooks();

    expect(firstRound).toEqual([
      '/all customer.created',
      '/all product.created',
      '/customers customer.created',
      '/products product.created',
    ]);
    expect(updated.enabled_events).toEqual(['product.created']);
    expect((await stripe.webhookEndpoints.retrieve(all.id)).status).toBe('disabled');
    expect(arrivals.map((arrival) => `${arrival.path} ${arrival.type}`).sort()).toEqual([
      '/customers customer.created',
      '/products product.created',
    ]);
  });

  it('when enabled_events names an invalid type, then it is a 400 naming the entry', async () => {
    await expect(
      stripe.webhookEndpoints.create({
        url: `${baseUrl}/hook`,
        enabled_events: ['*', 'Not A Type' as Stripe.WebhookEndpointCreateParams.EnabledEvent],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'enabled_events[1]' });
  });
});

describe('given a receiver that fails', () => {
  it('when it answers 500 once, then the event is redelivered, signed, and the log shows both statuses', async () => {
    const { secret } = await endpointFor(['customer.created']);
    behaviour = (_id, attempt) => ({ status: attempt === 0 ? 500 : 200 });

    const [eventId] = await createCustomers(1);
    await emulator.flushWebhooks();

    expect(arrivals.map((arrival) => arrival.eventId)).toEqual([eventId, eventId]);
    for (const arrival of arrivals) {
      expect(stripe.webhooks.constructEvent(arrival.rawBody, arrival.signature, secret).id).toBe(eventId);
    }
    expect(emulator.control.deliveries().data).toMatchObject([
      { eventId, eventType: 'customer.created', attempts: 2, statuses: [500, 200], delivered: true },
    ]);
  });

  it('when it is slower than the (shortened) receiver timeout, then the delivery is retried', async () => {
    await endpointFor(['customer.created']);
    await fetch(`${emulator.url}/_emulator/faults/webhooks/timeout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ timeoutMs: 250 }),
    });
    behaviour = (_id, attempt) => ({ status: 200, delayMs: attempt === 0 ? 1000 : 0 });

    const [eventId] = await createCustomers(1);
    await emulator.flushWebhooks();

    expect(arrivals.map((arrival) => arrival.eventId)).toEqual([eventId, eventId]);
    const [record] = emulator.control.deliveries().data;
    expect(record).toMatchObject({ attempts: 2, statuses: [null, 200], delivered: true, lastError: null });
  });

  it('when it never answers 2xx, then the log over HTTP shows every attempt and the give-up', async () => {
    await endpointFor(['customer.created']);
    behaviour = () => ({ status: 503 });

    await createCustomers(1);
    const flushed = await fetch(`${emulator.url}/_emulator/deliveries/flush`, { method: 'POST' });
    const log = (await (await fetch(`${emulator.url}/_emulator/deliveries`)).json()) as {
      data: DeliveryRecord[];
      pending: number;
    };

    expect(flushed.status).toBe(200);
    expect(log.pending).toBe(0);
    expect(log.data).toMatchObject([
      { attempts: 3, statuses: [503, 503, 503], delivered: false, lastStatus: 503 },
    ]);
  });
});

describe('given webhook delivery faults', () => {
  it('when the next deliveries are dropped, then the receiver never sees them and the log marks them', async () => {
    await endpointFor(['customer.created']);
    emulator.control.dropNextDeliveries({ count: 2 });

    const ids = await createCustomers(3);
    await emulator.flushWebhooks();

    expect(arrivals.map((arrival) => arrival.eventId)).toEqual([ids[2]]);
    const log = emulator.control.deliveries().data;
    expect(log.filter((record) => record.dropped).map((record) => record.eventId)).toEqual([ids[0], ids[1]]);
    expect(log.find((record) => record.dropped)).toMatchObject({ attempts: 0, delivered: false });
  });

  it('when drops target one event type, then other types still arrive', async () => {
    await endpointFor(['*']);
    emulator.control.dropNextDeliveries({ count: 1, eventType: 'product.*' });

    await stripe.products.create({ name: 'Hidden' });
    await stripe.customers.create({ email: 'seen@example.com' });
    await emulator.flushWebhooks();

    expect(arrivals.map((arrival) => arrival.type)).toEqual(['customer.created']);
  });

  it('when the next delivery is duplicated, then the same event arrives twice with valid signatures', async () => {
    const { secret } = await endpointFor(['customer.created']);
    emulator.control.duplicateDeliveries({ count: 1 });

    const [first, second] = await createCustomers(2);
    await emulator.flushWebhooks();

    // Delivery order is not guaranteed (as with Stripe): count arrivals per event instead.
    expect(arrivals.map((arrival) => arrival.eventId).sort()).toEqual([first, first, second].sort());
    for (const arrival of arrivals) {
      expect(() => stripe.webhooks.constructEvent(arrival.rawBody, arrival.signature, secret)).not.toThrow();
    }
    expect(emulator.control.deliveries().data.filter((record) => record.duplicate)).toHaveLength(1);
  });

  it('when deliveries are duplicated with a probability, then the same seed duplicates the same ones', async () => {
    await endpointFor(['customer.created']);
    const duplicatedPositions = async () => {
      await emulator.reset();
      arrivals = [];
      await endpointFor(['customer.created']);
      emulator.control.setSeed({ seed: 123 });
      emulator.control.duplicateDeliveries({ probability: 0.5 });
      const ids = await createCustomers(10);
      await emulator.flushWebhooks();
      return ids
        .map((id, index) => (arrivals.filter((arrival) => arrival.eventId === id).length === 2 ? index : -1))
        .filter((index) => index >= 0);
    };

    const firstRun = await duplicatedPositions();
    const secondRun = await duplicatedPositions();

    expect(firstRun.length).toBeGreaterThan(0);
    expect(firstRun.length).toBeLessThan(10);
    expect(secondRun).toEqual(firstRun);
  });

  it('when deliveries are delayed, then the first attempt waits for the delay', async () => {
    await endpointFor(['customer.created']);
    await emulator.control.delayDeliveries({ delayMs: 200, count: 1 });

    await createCustomers(1);
    const arrivedBeforeDelay = arrivals.length;
    await emulator.flushWebhooks();

    const [record] = emulator.control.deliveries().data;
    expect(arrivedBeforeDelay).toBe(0);
    expect(arrivals).toHaveLength(1);
    expect((record?.firstAttemptAt as number) - (record?.queuedAt as number)).toBeGreaterThanOrEqual(190);
    expect(emulator.control.faults().webhooks.delay).toBeNull();
  });

  it('when a batch is reordered, then it arrives shuffled, reproducibly from the seed', async () => {
    const arrivalPositions = async () => {
      await emulator.reset();
      arrivals = [];
      await endpointFor(['customer.created']);
      emulator.control.setSeed({ seed: 5 });
      emulator.control.reorderDeliveries({ batchSize: 5, holdMs: 5000 });
      const ids = await createCustomers(5);
      await emulator.flushWebhooks();
      return arrivals.map((arrival) => ids.indexOf(arrival.eventId));
    };

    const firstRun = await arrivalPositions();
    const secondRun = await arrivalPositions();

    expect([...firstRun].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(firstRun).not.toEqual([0, 1, 2, 3, 4]);
    expect(secondRun).toEqual(firstRun);
  });

  it('when a reorder batch is not full, then it goes out after its hold time', async () => {
    await endpointFor(['customer.created']);
    emulator.control.reorderDeliveries({ batchSize: 10, holdMs: 100 });

    await createCustomers(2);
    expect(emulator.control.faults().webhooks.reorder).toMatchObject({ batchSize: 10, held: 2 });
    // No flush here (it would release the batch itself): wait for the hold time to do it.
    const deadline = Date.now() + 5000;
    while (arrivals.length < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));

    expect(arrivals).toHaveLength(2);
    expect(emulator.control.faults().webhooks.reorder).toMatchObject({ held: 0 });
  });
});
