import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingTestEnv,
  startBillingTestEnv,
  TEST_CUSTOMER_HEADER,
} from '../../test/billing-test-env.js';
import { type ServedHandler, serveOverHttp } from '../../test/serve-over-http.js';
import { CustomerLifecycle, emptyTally } from '../../test/soak/customer-lifecycle.js';
import { BILLING_WEBHOOK_EVENTS, type BillingStore, createPGliteStore } from '../index.js';

let env: BillingTestEnv;
let onlyBillingEvents: BillingStore;
let served: ServedHandler;
let receivedByRestricted = 0;

beforeAll(async () => {
  env = await startBillingTestEnv();
  // A second app on its own store, fed by an endpoint that only receives BILLING_WEBHOOK_EVENTS. It serves no
  // routes to anyone: its mirror is written by those webhooks alone.
  onlyBillingEvents = await createPGliteStore();
  let handler: (request: Request) => Promise<Response> = async () =>
    new Response('starting', { status: 503 });
  served = await serveOverHttp((request) => {
    receivedByRestricted += 1;
    return handler(request);
  });
  const endpoint = await env.stripe.webhookEndpoints.create({
    url: `${served.origin}/api/billing/webhooks`,
    enabled_events: [...BILLING_WEBHOOK_EVENTS],
  });
  const restricted = env.createBillingWith({
    store: onlyBillingEvents,
    webhookSecret: endpoint.secret ?? '',
  });
  await restricted.syncCatalog();
  handler = restricted.handler;
}, 60_000);

afterAll(async () => {
  await served?.close();
  await onlyBillingEvents?.close();
  await env?.close();
});

/** What two mirrors must agree on for one customer (the sync time aside). */
async function mirrorOf(store: BillingStore, customerId: string) {
  const subscriptions = (await store.getSubscriptions(customerId)).map(
    ({ syncedAt: _syncedAt, ...rest }) => rest,
  );
  const invoices = (await store.getInvoices(customerId)).map(({ version: _version, ...rest }) => rest);
  return { subscriptions, wallet: await store.getCustomerWallet(customerId), invoices };
}

describe('BILLING_WEBHOOK_EVENTS', () => {
  it('is enough: a mirror fed only those events equals the one fed every event, through whole lifecycles', async () => {
    const tally = emptyTally();
    const driver = {
      apiUrl: env.apiUrl,
      customerHeader: TEST_CUSTOMER_HEADER,
      catalog: {
        starterMonthly: env.catalog.starter.monthlyPriceId,
        starterYearly: env.catalog.starter.yearlyPriceId,
        proMonthly: env.catalog.starter.monthlyPriceId,
        teamSeat: env.catalog.team.seatPriceId,
      },
      stripe: env.stripe,
      emulatorUrl: env.emulator.url,
      tally,
    };
    // Subscribing (declined and 3D Secure cards included), upgrades, downgrades, seats, intervals, cards, failed
    // renewals and recoveries, cancelling and resuming: the seeded lifecycles of the soak, six customers, six steps.
    const customers: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const lifecycle = new CustomerLifecycle(driver, index, 20_261_127);
      await lifecycle.live(6);
      customers.push(lifecycle.customerId);
    }
    await env.emulator.flushWebhooks();

    for (const customerId of customers) {
      expect(await mirrorOf(onlyBillingEvents, customerId)).toEqual(await mirrorOf(env.store, customerId));
    }
    const everyEvent = (await env.store.listWebhookEvents()).length;
    // The list is shorter than everything: the events left out (payment intents, charges...) were not needed.
    expect(receivedByRestricted).toBeGreaterThan(0);
    expect(receivedByRestricted).toBeLessThan(everyEvent);
    expect(Object.keys(tally.actions).length).toBeGreaterThan(5);
  }, 180_000);
});
