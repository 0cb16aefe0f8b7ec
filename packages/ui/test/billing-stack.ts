import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Billing,
  type BillingOptions,
  type BillingStore,
  createBilling,
  createPGliteStore,
} from '@billing-kit/server';
import { toNodeHandler } from '@billing-kit/server/node';
import { type StripeEmulator, startStripeEmulator } from '@billing-kit/stripe-emulator';
import Stripe from 'stripe';

/** The real stack the checkout runs against: Stripe emulator, billing server on node:http, PGlite store. */
export interface BillingStack {
  emulator: StripeEmulator;
  stripe: Stripe;
  billing: Billing;
  /** Base URL of the node:http server, without the billing path. */
  serverUrl: string;
  /** A price of the Pro plan: $20.00 a month. */
  proMonthlyPriceId: string;
  /** A new customer; requests carrying `x-test-customer: <id>` act as them. */
  createCustomer(): Promise<string>;
  close(): Promise<void>;
}

/** Header the test server's `resolveCustomer` reads, standing in for the host app's session. */
export const TEST_CUSTOMER_HEADER = 'x-test-customer';

export async function startBillingStack(): Promise<BillingStack> {
  const emulator = await startStripeEmulator({ port: 0 });
  const stripe = new Stripe('sk_test_billing_kit_ui', { ...emulator.stripeOptions, maxNetworkRetries: 0 });

  const product = await stripe.products.create({ name: 'Pro' });
  const price = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 2000,
    recurring: { interval: 'month' },
  });

  const { billing, serverUrl, close } = await mountBillingServer(stripe, {
    catalog: { plans: [{ productId: product.id, features: ['Unlimited projects'], highlighted: true }] },
  });

  return {
    emulator,
    stripe,
    billing,
    serverUrl,
    proMonthlyPriceId: price.id,
    createCustomer: async () => (await stripe.customers.create({ email: 'new-customer@example.com' })).id,
    close: async () => {
      await close();
      await emulator.close();
    },
  };
}

/** A billing server on node:http, registered as the emulator's webhook endpoint, its catalog synced. */
export interface MountedBillingServer {
  billing: Billing;
  store: BillingStore;
  /** Base URL of the node:http server, without the billing path. */
  serverUrl: string;
  /** `${serverUrl}/api/billing`. */
  apiUrl: string;
  /** Stops the server and closes the store (the emulator is the caller's). */
  close(): Promise<void>;
}

/**
 * Mounts `createBilling` over PGlite for the test stacks. The webhook endpoint needs the server's URL and the billing
 * handler needs the endpoint's secret: listen first and hand requests to the handler once it exists.
 */
export async function mountBillingServer(
  stripe: Stripe,
  options: Omit<BillingOptions, 'stripe' | 'store' | 'webhookSecret' | 'resolveCustomer'>,
): Promise<MountedBillingServer> {
  let handle: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  const server = createServer((request, response) => {
    if (!handle) {
      response.statusCode = 503;
      response.end();
      return;
    }
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const apiUrl = `${serverUrl}/api/billing`;

  const endpoint = await stripe.webhookEndpoints.create({ url: `${apiUrl}/webhooks`, enabled_events: ['*'] });
  if (!endpoint.secret) throw new Error('The emulator returned a webhook endpoint without a secret.');

  const store = await createPGliteStore();
  const billing = createBilling({
    ...options,
    stripe,
    store,
    resolveCustomer: (request) => request.headers.get(TEST_CUSTOMER_HEADER),
    webhookSecret: endpoint.secret,
  });
  await billing.syncCatalog();
  handle = toNodeHandler(billing.handler);

  return {
    billing,
    store,
    serverUrl,
    apiUrl,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
