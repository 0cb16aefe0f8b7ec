import { CatalogResponseSchema, SubscriptionsResponseSchema } from '@billing-kit/core';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BillingTestEnv,
  startBillingTestEnv,
  TEST_CUSTOMER_HEADER,
} from '../../test/billing-test-env.js';
import { mountBilling } from './hono.js';

let env: BillingTestEnv;
let app: Hono;
beforeAll(async () => {
  env = await startBillingTestEnv();
  app = new Hono();
  app.get('/health', (context) => context.text('ok'));
  mountBilling(app, env.billing);
});
afterAll(async () => {
  await env?.close();
});

describe('mountBilling on a Hono app', () => {
  it('serves the billing routes under /api/billing and leaves the app’s other routes alone', async () => {
    const catalog = await app.request('/api/billing/catalog');
    expect(catalog.status).toBe(200);
    expect(CatalogResponseSchema.parse(await catalog.json()).plans.length).toBe(2);

    const customerId = await env.createCustomer();
    await env.subscribeAndPay(customerId, env.catalog.starter.monthlyPriceId);
    const mine = await app.request('/api/billing/subscriptions', {
      headers: { [TEST_CUSTOMER_HEADER]: customerId },
    });
    expect(SubscriptionsResponseSchema.parse(await mine.json()).subscriptions).toEqual([
      expect.objectContaining({ status: 'active' }),
    ]);
    expect(await (await app.request('/health')).text()).toBe('ok');
  });

  it('hands the webhook route the raw bytes, so signatures verify', async () => {
    const payload = `{"id":"evt_hono_${crypto.randomUUID().replaceAll('-', '')}","object":"event","type":"customer.created","created":${Math.floor(Date.now() / 1000)},"data":{"object":{"id":"cus_hono","object":"customer"}}}`;
    const signature = env.stripe.webhooks.generateTestHeaderString({ payload, secret: env.webhookSecret });
    const response = await app.request('/api/billing/webhooks', {
      method: 'POST',
      headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
      body: payload,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
  });

  it('mounts under another base path', async () => {
    const other = mountBilling(new Hono(), env.createBillingWith({ basePath: '/billing' }), {
      basePath: '/billing/',
    });
    expect((await other.request('/billing/catalog')).status).toBe(200);
    expect((await other.request('/api/billing/catalog')).status).toBe(404);
  });
});
