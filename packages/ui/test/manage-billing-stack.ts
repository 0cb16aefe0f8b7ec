import { StartSubscriptionResponseSchema } from '@billing-kit/core';
import type { Billing } from '@billing-kit/server';
import { type StripeEmulator, startStripeEmulator } from '@billing-kit/stripe-emulator';
import { createFakeStripe } from '@billing-kit/stripe-emulator/browser';
import type { Stripe as StripeJs } from '@stripe/stripe-js';
import Stripe from 'stripe';
import { type Mock, vi } from 'vitest';
import { createBillingClient } from '../src/index.js';
import { mountBillingServer, TEST_CUSTOMER_HEADER } from './billing-stack.js';

/**
 * The real stack for the plan switcher and the payment-method updater: Stripe emulator, billing server on node:http
 * and PGlite, with a catalog of three plans (Starter $10/mo or $100/yr, Pro $20/mo or $200/yr, Team $15 per seat
 * per month) and customers on Stripe test clocks so tests can move time (renewals, failed payments).
 */
export interface ManageStack {
  emulator: StripeEmulator;
  stripe: Stripe;
  billing: Billing;
  /** Base URL of the billing API, e.g. `http://127.0.0.1:1234/api/billing`. */
  apiUrl: string;
  prices: {
    starterMonthly: string;
    starterYearly: string;
    proMonthly: string;
    proYearly: string;
    teamSeat: string;
  };
  /**
   * A customer on a frozen test clock with a paid subscription to `priceId` (paid with 4242). `defaultCard` then
   * becomes the default card of the customer and the subscription (e.g. `pm_card_chargeCustomerFail`).
   */
  subscribedCustomer(options: {
    priceId: string;
    quantity?: number;
    defaultCard?: string;
  }): Promise<{ customerId: string; subscriptionId: string; clockId: string }>;
  /** Moves a customer's test clock forward and waits for every webhook. */
  advanceClock(clockId: string, toTime: number): Promise<void>;
  /** A billing client acting as `customerId`, recording the requests it sends. */
  clientFor(customerId: string, rewrite?: RewriteRequest): RecordingClient;
  /** A Stripe.js loader returning the emulator's fake Stripe.js, counting its calls. */
  stripeLoader(): Mock<() => Promise<StripeJs | null>>;
  close(): Promise<void>;
}

/** What a recording client sent: method, path under the billing API, idempotency key and parsed body. */
export interface SentRequest {
  method: string;
  path: string;
  idempotencyKey: string | null;
  body: unknown;
  /** The JSON the server (or the rewrite) answered, once it arrived. */
  response?: unknown;
}

/** Lets a test answer one request itself (e.g. a stale preview) instead of the server; undefined passes it on. */
export type RewriteRequest = (request: SentRequest) => Response | undefined;

export interface RecordingClient {
  client: ReturnType<typeof createBillingClient>;
  sent: SentRequest[];
}

export async function startManageStack(): Promise<ManageStack> {
  const emulator = await startStripeEmulator({
    port: 0,
    webhookRetry: { initialDelayMs: 50, maxAttempts: 3 },
  });
  const stripe = new Stripe('sk_test_billing_kit_ui_manage', {
    ...emulator.stripeOptions,
    maxNetworkRetries: 0,
  });

  const starter = await stripe.products.create({ name: 'Starter' });
  const pro = await stripe.products.create({ name: 'Pro' });
  const team = await stripe.products.create({ name: 'Team' });
  const price = (product: string, unitAmount: number, interval: 'month' | 'year') =>
    stripe.prices
      .create({ product, currency: 'usd', unit_amount: unitAmount, recurring: { interval } })
      .then((created) => created.id);
  const prices = {
    starterMonthly: await price(starter.id, 1000, 'month'),
    starterYearly: await price(starter.id, 10000, 'year'),
    proMonthly: await price(pro.id, 2000, 'month'),
    proYearly: await price(pro.id, 20000, 'year'),
    teamSeat: await price(team.id, 1500, 'month'),
  };

  const {
    billing,
    apiUrl,
    close: closeServer,
  } = await mountBillingServer(stripe, {
    catalog: {
      plans: [
        { productId: starter.id, features: ['1 project'] },
        { productId: pro.id, features: ['Unlimited projects'], highlighted: true },
        { productId: team.id, features: ['SSO'], perSeat: true },
      ],
    },
    onError: () => {},
  });

  async function call(customerId: string, path: string, body: unknown) {
    const response = await fetch(`${apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TEST_CUSTOMER_HEADER]: customerId },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  }

  return {
    emulator,
    stripe,
    billing,
    apiUrl,
    prices,
    async subscribedCustomer({ priceId, quantity = 1, defaultCard }) {
      const clock = await stripe.testHelpers.testClocks.create({
        frozen_time: Math.floor(Date.now() / 1000),
      });
      const customer = await stripe.customers.create({ email: 'manage@example.com', test_clock: clock.id });
      const started = StartSubscriptionResponseSchema.parse(
        await call(customer.id, '/subscriptions', { priceId, quantity }),
      );
      const intentId = (started.clientSecret ?? '').split('_secret_')[0] ?? '';
      await stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' });
      if (defaultCard) {
        const card = await stripe.paymentMethods.attach(defaultCard, { customer: customer.id });
        await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
        await stripe.subscriptions.update(started.subscriptionId, { default_payment_method: card.id });
      }
      await emulator.flushWebhooks();
      return { customerId: customer.id, subscriptionId: started.subscriptionId, clockId: clock.id };
    },
    async advanceClock(clockId, toTime) {
      await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: toTime });
      await emulator.flushWebhooks();
    },
    clientFor(customerId, rewrite) {
      const sent: SentRequest[] = [];
      const client = createBillingClient({
        baseUrl: apiUrl,
        headers: { [TEST_CUSTOMER_HEADER]: customerId },
        fetch: async (input, init) => {
          const request: SentRequest = {
            method: init?.method ?? 'GET',
            path: String(input).slice(apiUrl.length),
            idempotencyKey: new Headers(init?.headers).get('idempotency-key'),
            body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
          };
          sent.push(request);
          const response = rewrite?.(request) ?? (await fetch(input, init));
          request.response = await response
            .clone()
            .json()
            .catch(() => undefined);
          return response;
        },
      });
      return { client, sent };
    },
    stripeLoader() {
      return vi.fn(() =>
        Promise.resolve<StripeJs | null>(
          createFakeStripe({ apiBase: emulator.url, publishableKey: 'pk_test_manage' }),
        ),
      );
    },
    async close() {
      await closeServer();
      await emulator.close();
    },
  };
}
