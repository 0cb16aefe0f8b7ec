/**
 * Shared plumbing of this package's tests: an emulator and an SDK instance per test file, the catalog and customers
 * most tests start from, and a local webhook receiver. Test bodies stay explicit; only the setup lives here.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeEach } from 'vitest';
import { type StripeEmulator, type StripeEmulatorOptions, startStripeEmulator } from '../src/index.js';

/** A running emulator and the official SDK pointed at it. */
export interface EmulatorFixture {
  emulator: StripeEmulator;
  stripe: Stripe;
}

/**
 * Starts an emulator on a free port for the calling test file, with `new Stripe(apiKey, ...)` pointed at it, and
 * registers its teardown (close after the file) and, unless `resetBeforeEach` is false, a `reset()` before each
 * test. Await it at the top level of a test file:
 *
 * @example
 * const { emulator, stripe } = await startEmulatorFixture({ apiKey: 'sk_test_journey' });
 */
export async function startEmulatorFixture(options: {
  /** Any `sk_test_...` key; one per file makes requests easy to tell apart. */
  apiKey: string;
  /** Emulator options (the port is always a free one). */
  emulator?: Omit<StripeEmulatorOptions, 'port'>;
  /** SDK options, e.g. `{ maxNetworkRetries: 0 }` to see injected 5xx answers. */
  sdk?: Stripe.StripeConfig;
  /** Forget all state before each test. Default true. */
  resetBeforeEach?: boolean;
}): Promise<EmulatorFixture> {
  const emulator = await startStripeEmulator({ ...options.emulator, port: 0 });
  afterAll(() => emulator.close());
  if (options.resetBeforeEach !== false) beforeEach(() => emulator.reset());
  const stripe = new Stripe(options.apiKey, { ...emulator.stripeOptions, ...options.sdk });
  return { emulator, stripe };
}

/** A recurring monthly price (of a new product, 'Pro' unless named) of `unitAmount` minor units. */
export async function createMonthlyPrice(
  stripe: Stripe,
  options: { unitAmount?: number; currency?: string; productName?: string; lookupKey?: string } = {},
): Promise<Stripe.Price> {
  const product = await stripe.products.create({ name: options.productName ?? 'Pro' });
  return stripe.prices.create({
    product: product.id,
    currency: options.currency ?? 'usd',
    unit_amount: options.unitAmount ?? 2000,
    recurring: { interval: 'month' },
    ...(options.lookupKey === undefined ? {} : { lookup_key: options.lookupKey }),
  });
}

/** A customer (on `testClock` if given) whose default payment method is an attached `pm_card_visa`. */
export async function createPayingCustomer(stripe: Stripe, testClock?: string): Promise<Stripe.Customer> {
  const customer = await stripe.customers.create({ ...(testClock ? { test_clock: testClock } : {}) });
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  return stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
}

/** The PaymentIntent id inside a client secret (`pi_123_secret_abc` -> `pi_123`). */
export function paymentIntentIdOf(clientSecret: string): string {
  return clientSecret.split('_secret_')[0] as string;
}

/**
 * Checkout as the kit starts it: a new customer subscribes to a $20 monthly price with `default_incomplete`, so the
 * subscription waits on its first invoice's PaymentIntent, whose client secret is returned.
 */
export async function createIncompleteSubscription(
  stripe: Stripe,
  customer: Stripe.CustomerCreateParams = {},
): Promise<{ subscription: Stripe.Subscription; clientSecret: string; paymentIntentId: string }> {
  const price = await createMonthlyPrice(stripe);
  const { id: customerId } = await stripe.customers.create(customer);
  const subscription = await stripe.subscriptions.create({
    customer: customerId,
    items: [{ price: price.id }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret'],
  });
  const clientSecret = (subscription.latest_invoice as Stripe.Invoice).confirmation_secret
    ?.client_secret as string;
  return { subscription, clientSecret, paymentIntentId: paymentIntentIdOf(clientSecret) };
}

/** One request as a webhook receiver got it. */
export interface ReceivedRequest {
  rawBody: string;
  signature: string;
  path: string;
}

/** How the receiver answers a request: the status, an optional body, after an optional delay. */
export interface ReceiverAnswer {
  status: number;
  body?: string;
  delayMs?: number;
}

/**
 * Starts a local HTTP server standing in for the host's webhook route (closed after the calling test file).
 * Each request's raw body and `Stripe-Signature` go to `answer`, which decides the response. Resolves to its base
 * URL, e.g. `http://127.0.0.1:49152`.
 */
export async function startWebhookReceiver(
  answer: (request: ReceivedRequest) => ReceiverAnswer,
): Promise<string> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const {
        status,
        body,
        delayMs = 0,
      } = answer({
        rawBody: Buffer.concat(chunks).toString('utf8'),
        signature: String(request.headers['stripe-signature']),
        path: request.url ?? '/',
      });
      setTimeout(() => {
        response.statusCode = status;
        response.end(body);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The types of the events about one object (`data.object.id`), oldest first. */
export async function eventTypesFor(stripe: Stripe, objectId: string): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100 });
  return events.data
    .filter((event) => (event.data.object as { id?: string }).id === objectId)
    .map((event) => event.type)
    .reverse();
}
