import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Billing, createBilling, createPGliteStore } from '@billing-kit/server';
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

  // The webhook endpoint needs the server's URL and the billing handler needs the endpoint's secret: listen first
  // and hand requests to the handler once it exists.
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

  const endpoint = await stripe.webhookEndpoints.create({
    url: `${serverUrl}/api/billing/webhooks`,
    enabled_events: ['*'],
  });
  if (!endpoint.secret) throw new Error('The emulator returned a webhook endpoint without a secret.');

  const store = await createPGliteStore();
  const billing = createBilling({
    stripe,
    store,
    resolveCustomer: (request) => request.headers.get(TEST_CUSTOMER_HEADER),
    catalog: { plans: [{ productId: product.id, features: ['Unlimited projects'], highlighted: true }] },
    webhookSecret: endpoint.secret,
  });
  await billing.syncCatalog();
  handle = toNodeHandler(billing.handler);

  return {
    emulator,
    stripe,
    billing,
    serverUrl,
    proMonthlyPriceId: price.id,
    createCustomer: async () => (await stripe.customers.create({ email: 'new-customer@example.com' })).id,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
      await emulator.close();
    },
  };
}
