import {
  CatalogResponseSchema,
  EntitlementsResponseSchema,
  InvoicesResponseSchema,
  PaymentMethodsResponseSchema,
  StartSubscriptionResponseSchema,
  SubscriptionsResponseSchema,
} from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevPanelState } from '../src/server/dev-panel-state.js';
import { type Demo, startDemo } from '../src/server/start-demo.js';

// Journey 10 through direct requests: a user of Globex, signed in with their own cookie, asks the billing API
// for Acme's subscriptions, invoices and cards, by listing them and by their ids. The host's auth
// (resolveCustomer) is the only source of "who": nothing of Acme's may come back, and nothing may change.

type UserId = 'alice' | 'bob' | 'carol' | 'dave';

let demo: Demo;
let acme: { subscriptionId: string; invoiceId: string; paymentMethodId: string };

function call(path: string, as: UserId, init: { method?: string; body?: unknown } = {}) {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  return fetch(`${demo.url}${path}`, {
    method,
    headers: {
      cookie: `demo_user=${as}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

async function json(response: Promise<Response>): Promise<unknown> {
  const answered = await response;
  expect(answered.status, answered.url).toBe(200);
  return answered.json();
}

beforeAll(async () => {
  demo = await startDemo({ port: 0, dataDir: null });

  // Given Alice's organisation (Acme) pays for Starter with card 4242 (confirmed as the Payment Element would)
  const catalog = CatalogResponseSchema.parse(await json(call('/api/billing/catalog', 'alice')));
  const starter = catalog.plans
    .find((plan) => plan.name === 'Starter')
    ?.prices.find((p) => p.interval === 'month');
  const started = StartSubscriptionResponseSchema.parse(
    await json(call('/api/billing/subscriptions', 'alice', { body: { priceId: starter?.id } })),
  );
  const paymentIntentId = (started.clientSecret ?? '').split('_secret_')[0] ?? '';
  await demo.stripe.paymentIntents.confirm(paymentIntentId, { payment_method: 'pm_card_visa' });
  await json(call(`/api/billing/subscriptions/${started.subscriptionId}/confirm`, 'alice', { body: {} }));
  await demo.emulator?.flushWebhooks();
  await demo.billing.drain();

  const invoices = InvoicesResponseSchema.parse(await json(call('/api/billing/invoices', 'alice')));
  const cards = PaymentMethodsResponseSchema.parse(await json(call('/api/billing/payment-methods', 'alice')));
  acme = {
    subscriptionId: started.subscriptionId,
    invoiceId: invoices.invoices[0]?.id ?? '',
    paymentMethodId: cards.paymentMethods[0]?.id ?? '',
  };
});

afterAll(async () => {
  await demo?.close();
});

describe('Acme, through its own users', () => {
  it('has one subscription, one paid invoice and one card, seen alike by Alice and Bob', async () => {
    for (const user of ['alice', 'bob'] as const) {
      const subscriptions = SubscriptionsResponseSchema.parse(
        await json(call('/api/billing/subscriptions', user)),
      );
      expect(subscriptions.subscriptions).toMatchObject([{ id: acme.subscriptionId, status: 'active' }]);
      const invoices = InvoicesResponseSchema.parse(await json(call('/api/billing/invoices', user)));
      expect(invoices.invoices).toMatchObject([{ id: acme.invoiceId, status: 'paid' }]);
      const cards = PaymentMethodsResponseSchema.parse(
        await json(call('/api/billing/payment-methods', user)),
      );
      expect(cards.paymentMethods).toMatchObject([
        { id: acme.paymentMethodId, last4: '4242', isDefault: true },
      ]);
    }
  });
});

describe('Carol of Globex, asking the API directly', () => {
  it('lists none of Acme’s subscriptions, invoices, cards or entitlements', async () => {
    expect(await json(call('/api/billing/subscriptions', 'carol'))).toEqual({ subscriptions: [] });
    expect(await json(call('/api/billing/invoices', 'carol'))).toEqual({ invoices: [] });
    expect(await json(call('/api/billing/payment-methods', 'carol'))).toEqual({ paymentMethods: [] });
    expect(
      EntitlementsResponseSchema.parse(await json(call('/api/billing/entitlements', 'carol'))),
    ).toMatchObject({
      features: [],
      status: null,
    });
    const catalog = CatalogResponseSchema.parse(await json(call('/api/billing/catalog', 'carol')));
    expect(catalog.currentPriceId).toBeNull();
  });

  it('sees only Globex in the developer panel', async () => {
    const state = (await json(call('/demo/dev/state', 'carol'))) as DevPanelState;
    expect(state.org.id).toBe('globex');
    expect(state.customerId).toBe(await demo.customerFor('globex'));
    expect(state.customerId).not.toBe(await demo.customerFor('acme'));
    expect(state.mirror).toEqual([]);
    expect(state.stripe).toEqual([]);
    // The server's ledger holds Acme's events; Carol's panel lists none of them, Alice's lists them.
    const acmeLedger = ((await json(call('/demo/dev/state', 'alice'))) as DevPanelState).ledger;
    expect(acmeLedger.some((event) => event.type === 'invoice.paid')).toBe(true);
    expect(state.ledger).toEqual([]);
  });

  it.each([
    ['POST', () => `/api/billing/subscriptions/${acme.subscriptionId}/cancel`, {}],
    ['POST', () => `/api/billing/subscriptions/${acme.subscriptionId}/resume`, {}],
    ['POST', () => `/api/billing/subscriptions/${acme.subscriptionId}/confirm`, {}],
    ['POST', () => `/api/billing/subscriptions/${acme.subscriptionId}/cancel-scheduled-change`, {}],
    ['POST', () => `/api/billing/payment-methods/${acme.paymentMethodId}/default`, {}],
    ['DELETE', () => `/api/billing/payment-methods/${acme.paymentMethodId}`, undefined],
    ['POST', () => `/api/billing/invoices/${acme.invoiceId}/pay`, {}],
  ] as const)('gets 404 for %s %s on Acme’s id', async (method, path, body) => {
    const response = await call(path(), 'carol', { method, ...(body === undefined ? {} : { body }) });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('gets 404 when previewing or changing Acme’s plan', async () => {
    const catalog = CatalogResponseSchema.parse(await json(call('/api/billing/catalog', 'carol')));
    const pro = catalog.plans.find((plan) => plan.name === 'Pro')?.prices.find((p) => p.interval === 'month');
    const preview = await call(`/api/billing/subscriptions/${acme.subscriptionId}/preview-change`, 'carol', {
      body: { priceId: pro?.id },
    });
    expect(preview.status).toBe(404);
    const change = await call(`/api/billing/subscriptions/${acme.subscriptionId}/change`, 'carol', {
      body: { priceId: pro?.id, prorationDate: Math.floor(Date.now() / 1000) },
    });
    expect(change.status).toBe(404);
  });

  it('cannot pay with Acme’s card nor name a customer in the body', async () => {
    const withAcmeCard = await call(`/api/billing/invoices/${acme.invoiceId}/pay`, 'carol', {
      body: { paymentMethodId: acme.paymentMethodId },
    });
    expect([400, 404]).toContain(withAcmeCard.status);
    const namingAcme = await call('/api/billing/subscriptions', 'carol', {
      body: { priceId: 'price_x', customer: await demo.customerFor('acme') },
    });
    expect(namingAcme.status).toBe(400);
  });

  it('left Acme’s subscription, card and invoice exactly as they were, in the mirror and in Stripe', async () => {
    const subscriptions = SubscriptionsResponseSchema.parse(
      await json(call('/api/billing/subscriptions', 'alice')),
    );
    expect(subscriptions.subscriptions).toMatchObject([
      { id: acme.subscriptionId, status: 'active', cancelAtPeriodEnd: false },
    ]);
    const inStripe = await demo.stripe.subscriptions.retrieve(acme.subscriptionId);
    expect(inStripe).toMatchObject({ status: 'active', cancel_at_period_end: false });
    const card = await demo.stripe.paymentMethods.retrieve(acme.paymentMethodId);
    expect(card.customer).toBe(await demo.customerFor('acme'));
    const cards = PaymentMethodsResponseSchema.parse(await json(call('/api/billing/payment-methods', 'bob')));
    expect(cards.paymentMethods.map((method) => method.id)).toEqual([acme.paymentMethodId]);
    expect(await json(call('/api/billing/payment-methods', 'dave'))).toEqual({ paymentMethods: [] });
  });
});
