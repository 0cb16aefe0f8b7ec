import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type StartSubscriptionResponse, StartSubscriptionResponseSchema } from '@billing-kit/core';
import { type StripeEmulator, startStripeEmulator } from '@billing-kit/stripe-emulator';
import Stripe from 'stripe';
import { toNodeHandler } from '../src/adapters/node.js';
import {
  type Billing,
  type BillingOptions,
  type BillingStore,
  createBilling,
  createPGliteStore,
} from '../src/index.js';

/** Header the test host uses as its "session": the signed-in Stripe customer id. */
export const TEST_CUSTOMER_HEADER = 'x-test-customer';

/** The catalog every test environment creates in the emulator. */
export interface TestCatalog {
  starter: { productId: string; monthlyPriceId: string; yearlyPriceId: string };
  team: { productId: string; seatPriceId: string };
}

/** Everything a test needs: the emulator, the SDK, a store, the billing API behind a real node:http server. */
export interface BillingTestEnv {
  emulator: StripeEmulator;
  stripe: Stripe;
  store: BillingStore;
  billing: Billing;
  webhookSecret: string;
  catalog: TestCatalog;
  /** Base URL of the billing API on the node:http server, e.g. `http://127.0.0.1:1234/api/billing`. */
  apiUrl: string;
  /** Calls the billing API over HTTP as `customerId` (signed out when null). */
  call(path: string, init?: RequestInit & { customerId?: string | null }): Promise<Response>;
  /** `POST /subscriptions` as `customerId`, with an `Idempotency-Key` header when given. */
  start(customerId: string | null, body: unknown, idempotencyKey?: string): Promise<Response>;
  /** Starts a subscription, pays it with `pm_card_visa` and waits for the webhooks to be delivered. */
  subscribeAndPay(customerId: string, priceId: string, quantity?: number): Promise<StartSubscriptionResponse>;
  /** Creates a fresh Stripe customer, so tests sharing the environment never see each other's subscriptions. */
  createCustomer(): Promise<string>;
  /** Builds another billing API on the same store and secret but with other options (e.g. a Stripe that is down). */
  createBillingWith(overrides: Partial<BillingOptions>): Billing;
  close(): Promise<void>;
}

/** An SDK instance talking to the emulator. */
export function emulatorStripe(emulator: StripeEmulator, config: Stripe.StripeConfig = {}): Stripe {
  return new Stripe('sk_test_billing_kit_server', { ...emulator.stripeOptions, ...config });
}

/** An SDK instance pointed at a port where nothing listens: every call fails like Stripe being down. */
export async function unreachableStripe(): Promise<Stripe> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return new Stripe('sk_test_billing_kit_server', {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
}

async function createTestCatalog(stripe: Stripe): Promise<TestCatalog> {
  const starter = await stripe.products.create({ name: 'Starter', description: 'For one person' });
  const starterMonthly = await stripe.prices.create({
    product: starter.id,
    currency: 'usd',
    unit_amount: 1000,
    recurring: { interval: 'month' },
  });
  const starterYearly = await stripe.prices.create({
    product: starter.id,
    currency: 'usd',
    unit_amount: 10000,
    recurring: { interval: 'year' },
  });
  const team = await stripe.products.create({ name: 'Team', description: 'Per seat' });
  const teamSeat = await stripe.prices.create({
    product: team.id,
    currency: 'usd',
    unit_amount: 1500,
    recurring: { interval: 'month' },
  });
  return {
    starter: { productId: starter.id, monthlyPriceId: starterMonthly.id, yearlyPriceId: starterYearly.id },
    team: { productId: team.id, seatPriceId: teamSeat.id },
  };
}

/** Options of {@link startBillingTestEnv}. */
export interface BillingTestEnvOptions {
  /** Opens the store to use (closed with the environment). Default: PGlite in memory. */
  openStore?: () => Promise<BillingStore>;
}

/**
 * Starts the emulator, a store (PGlite in memory unless `openStore` is given) and the billing API behind node:http
 * (registered as the emulator's webhook endpoint), creates a catalog in the emulator and syncs it.
 */
export async function startBillingTestEnv(options: BillingTestEnvOptions = {}): Promise<BillingTestEnv> {
  const emulator = await startStripeEmulator({
    port: 0,
    webhookRetry: { initialDelayMs: 50, maxAttempts: 3 },
  });
  const stripe = emulatorStripe(emulator);
  const store = await (options.openStore ?? createPGliteStore)();

  // The server must listen before the endpoint exists (its URL has the port), and the billing API needs the
  // endpoint's secret: the listener forwards to whichever handler is set once both exist.
  let handler: Billing['handler'] = async () => new Response('starting', { status: 503 });
  const server: Server = createServer(toNodeHandler((request) => handler(request)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const apiUrl = `http://127.0.0.1:${port}/api/billing`;

  const endpoint = await stripe.webhookEndpoints.create({ url: `${apiUrl}/webhooks`, enabled_events: ['*'] });
  const webhookSecret = endpoint.secret;
  if (!webhookSecret) throw new Error('The emulator returned no webhook secret.');

  const catalog = await createTestCatalog(stripe);
  const baseOptions: BillingOptions = {
    stripe,
    store,
    webhookSecret,
    resolveCustomer: (request) => request.headers.get(TEST_CUSTOMER_HEADER),
    catalog: {
      plans: [
        { productId: catalog.starter.productId, features: ['1 project'], entitlements: ['projects'] },
        {
          productId: catalog.team.productId,
          features: ['Unlimited projects'],
          entitlements: ['projects', 'sso'],
          highlighted: true,
          perSeat: true,
        },
      ],
    },
    onError: () => {},
  };
  const billing = createBilling(baseOptions);
  handler = billing.handler;
  await billing.syncCatalog();

  const env: BillingTestEnv = {
    emulator,
    stripe,
    store,
    billing,
    webhookSecret,
    catalog,
    apiUrl,
    call(path, init = {}) {
      const { customerId, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (customerId) headers.set(TEST_CUSTOMER_HEADER, customerId);
      return fetch(`${apiUrl}${path}`, { ...rest, headers });
    },
    start(customerId, body, idempotencyKey) {
      return env.call('/subscriptions', {
        ...jsonPost(body, idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey }),
        customerId,
      });
    },
    async subscribeAndPay(customerId, priceId, quantity = 1) {
      const response = await env.start(customerId, { priceId, quantity });
      if (response.status !== 200)
        throw new Error(`Start failed: ${response.status} ${await response.text()}`);
      const started = StartSubscriptionResponseSchema.parse(await response.json());
      await stripe.paymentIntents.confirm(paymentIntentIdOf(started.clientSecret ?? ''), {
        payment_method: 'pm_card_visa',
      });
      await emulator.flushWebhooks();
      return started;
    },
    async createCustomer() {
      return (await stripe.customers.create({ email: `${crypto.randomUUID()}@example.com` })).id;
    },
    createBillingWith: (overrides) => createBilling({ ...baseOptions, ...overrides }),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulator.close();
      await store.close();
    },
  };
  return env;
}

/** A JSON POST body with the headers a browser client sends. */
export function jsonPost(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** The PaymentIntent id inside a `pi_..._secret_...` client secret. */
export function paymentIntentIdOf(clientSecret: string): string {
  const id = clientSecret.split('_secret_')[0];
  if (!id) throw new Error(`Not a PaymentIntent client secret: ${clientSecret}`);
  return id;
}
