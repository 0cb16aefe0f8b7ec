import { CatalogResponseSchema, StartSubscriptionResponseSchema } from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingTestEnv,
  startBillingTestEnv,
  TEST_CUSTOMER_HEADER,
} from '../../test/billing-test-env.js';
import { type NextHandlers, toNextHandlers } from './next.js';

let env: BillingTestEnv;
let route: NextHandlers;
beforeAll(async () => {
  env = await startBillingTestEnv();
  // What `export const { GET, POST } = toNextHandlers(billing)` in app/api/billing/[...path]/route.ts exports.
  route = toNextHandlers(env.billing);
});
afterAll(async () => {
  await env?.close();
});

const url = (path: string) => `https://app.example${'/api/billing'}${path}`;

describe('toNextHandlers', () => {
  it('serves the catalog from GET and starts a subscription from POST', async () => {
    const catalog = await route.GET(new Request(url('/catalog')));
    expect(catalog.status).toBe(200);
    expect(CatalogResponseSchema.parse(await catalog.json()).plans.length).toBe(2);

    const customerId = await env.createCustomer();
    const started = await route.POST(
      new Request(url('/subscriptions'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TEST_CUSTOMER_HEADER]: customerId },
        body: JSON.stringify({ priceId: env.catalog.starter.monthlyPriceId }),
      }),
    );
    expect(started.status).toBe(200);
    expect(StartSubscriptionResponseSchema.parse(await started.json()).intentType).toBe('payment');
  });

  it('verifies and records a signed webhook posted to the route', async () => {
    const payload = JSON.stringify({
      id: `evt_next_${crypto.randomUUID().replaceAll('-', '')}`,
      object: 'event',
      type: 'customer.created',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'cus_next', object: 'customer' } },
    });
    const signature = env.stripe.webhooks.generateTestHeaderString({ payload, secret: env.webhookSecret });
    const response = await route.POST(
      new Request(url('/webhooks'), {
        method: 'POST',
        headers: { 'stripe-signature': signature },
        body: payload,
      }),
    );
    expect(response.status).toBe(200);
    expect((await env.store.listWebhookEvents()).map((event) => event.id)).toContain(JSON.parse(payload).id);

    const tampered = await route.POST(
      new Request(url('/webhooks'), {
        method: 'POST',
        headers: { 'stripe-signature': signature },
        body: `${payload}\n`,
      }),
    );
    expect(tampered.status).toBe(400);
  });

  it('answers 405 for a method the route does not take', async () => {
    const response = await route.DELETE(new Request(url('/catalog'), { method: 'DELETE' }));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});
