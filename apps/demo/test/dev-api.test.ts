import {
  CatalogResponseSchema,
  InvoicesResponseSchema,
  StartSubscriptionResponseSchema,
  SubscriptionsResponseSchema,
} from '@billing-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevPanelApi, type DevPanelWorlds } from '../src/server/dev-panel-api.js';
import type { DevPanelState } from '../src/server/dev-panel-state.js';
import { type Demo, startDemo } from '../src/server/start-demo.js';

// The developer panel's API, through HTTP as the panel calls it: a session cookie, JSON in and out, and the
// demo's real emulator, billing server and mirror behind it. No browser.

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo({ port: 0, dataDir: null });
});
afterAll(async () => {
  await demo?.close();
});

type UserId = 'alice' | 'bob' | 'carol' | 'dave';

function call(path: string, init: { as?: UserId; method?: string; body?: unknown; rawBody?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.as) headers.cookie = `demo_user=${init.as}`;
  let body: string | undefined;
  if (init.rawBody !== undefined) body = init.rawBody;
  else if (init.body !== undefined) body = JSON.stringify(init.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${demo.url}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
}

async function state(as: UserId): Promise<DevPanelState> {
  const response = await call('/demo/dev/state', { as });
  expect(response.status).toBe(200);
  return (await response.json()) as DevPanelState;
}

async function priceIdOf(planName: string, interval: 'month' | 'year'): Promise<string> {
  const catalog = CatalogResponseSchema.parse(await (await call('/api/billing/catalog')).json());
  const price = catalog.plans
    .find((plan) => plan.name === planName)
    ?.prices.find((candidate) => candidate.interval === interval);
  if (!price) throw new Error(`No ${planName} ${interval} price in the catalog`);
  return price.id;
}

/** Subscribes the user's organisation and pays like the Payment Element would (confirming through the SDK). */
async function subscribePaid(as: UserId, planName: string): Promise<string> {
  const response = await call('/api/billing/subscriptions', {
    as,
    body: { priceId: await priceIdOf(planName, 'month') },
  });
  expect(response.status).toBe(200);
  const started = StartSubscriptionResponseSchema.parse(await response.json());
  const paymentIntentId = (started.clientSecret ?? '').split('_secret_')[0] ?? '';
  const confirmed = await demo.stripe.paymentIntents.confirm(paymentIntentId, {
    payment_method: 'pm_card_visa',
  });
  expect(confirmed.status).toBe('succeeded');
  expect(
    (await call(`/api/billing/subscriptions/${started.subscriptionId}/confirm`, { as, body: {} })).status,
  ).toBe(200);
  await demo.emulator?.flushWebhooks();
  await demo.billing.drain();
  return started.subscriptionId;
}

const routes = [
  ['GET', '/demo/dev/state'],
  ['POST', '/demo/dev/advance'],
  ['POST', '/demo/dev/fail-next-renewal'],
  ['POST', '/demo/dev/reset'],
] as const;

describe('the seed', () => {
  it('is the catalog of the contract, by lookup key, with LAUNCH20 taking 20% off once', async () => {
    const catalog = CatalogResponseSchema.parse(await (await call('/api/billing/catalog')).json());
    expect(
      catalog.plans.map((plan) => ({
        name: plan.name,
        entitlements: plan.entitlements,
        highlighted: plan.highlighted,
        perSeat: plan.perSeat,
        prices: plan.prices.map((price) => [price.lookupKey, price.unitAmount, price.trialPeriodDays]),
      })),
    ).toEqual([
      {
        name: 'Free',
        entitlements: ['projects'],
        highlighted: false,
        perSeat: false,
        prices: [
          ['demo_free_monthly', 0, null],
          ['demo_free_yearly', 0, null],
        ],
      },
      {
        name: 'Starter',
        entitlements: ['projects'],
        highlighted: false,
        perSeat: false,
        prices: [
          ['demo_starter_monthly', 900, null],
          ['demo_starter_yearly', 9000, null],
        ],
      },
      {
        name: 'Pro',
        entitlements: ['projects', 'analytics'],
        highlighted: true,
        perSeat: false,
        prices: [
          ['demo_pro_monthly', 2900, 14],
          ['demo_pro_yearly', 29000, 14],
        ],
      },
      {
        name: 'Business',
        entitlements: ['projects', 'analytics', 'sso'],
        highlighted: false,
        perSeat: true,
        prices: [
          ['demo_business_monthly', 1500, null],
          ['demo_business_yearly', 15000, null],
        ],
      },
    ]);

    const preview = await call('/api/billing/subscriptions/preview', {
      as: 'dave',
      body: { priceId: await priceIdOf('Starter', 'year'), promotionCode: 'launch20' },
    });
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({
      subtotal: 9000,
      discountAmount: 1800,
      totalDueToday: 7200,
      discount: { promotionCode: 'LAUNCH20', percentOff: 20, duration: 'once' },
    });
  });
});

describe('the developer panel API refuses', () => {
  it.each(routes)('%s %s to a signed-out visitor with 401', async (method, path) => {
    const response = await call(path, { method, ...(method === 'POST' ? { body: { by: 'day' } } : {}) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'unauthenticated', message: 'Sign in to use the developer panel.' },
    });
  });

  it.each([
    ['an unknown step', { by: 'week' }],
    ['no step', {}],
    ['a step with an organisation (always the session one)', { by: 'day', orgId: 'globex' }],
    ['a number', { by: 30 }],
  ])('an advance by %s with 400', async (_, body) => {
    const before = await state('alice');
    const response = await call('/demo/dev/advance', { as: 'alice', body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'invalid_request', message: 'Send { "by": "day" } or { "by": "month" }.' },
    });
    expect((await state('alice')).clock).toEqual(before.clock);
  });

  it('malformed JSON, a body that is not an object, and input to actions that take none with 400', async () => {
    for (const [path, rawBody] of [
      ['/demo/dev/advance', '{"by":'],
      ['/demo/dev/advance', '["day"]'],
      ['/demo/dev/fail-next-renewal', '{"customerId":"cus_other"}'],
      ['/demo/dev/reset', 'not json'],
    ] as const) {
      const response = await call(path, { as: 'alice', rawBody });
      expect(response.status, `${path} ${rawBody}`).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.message.length).toBeGreaterThan(0);
    }
  });

  it('a wrong method with 405 and an unknown route with 404', async () => {
    const wrongMethod = await call('/demo/dev/advance', { as: 'alice' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    const unknown = await call('/demo/dev/advance-a-year', { as: 'alice', body: {} });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('the developer panel API', () => {
  it('shows the signed-in organisation, its customer, its own test clock and no secrets', async () => {
    const acme = await state('bob');
    expect(acme).toMatchObject({
      org: { id: 'acme', name: 'Acme Inc.' },
      customerId: await demo.customerFor('acme'),
      mirror: [],
      stripe: [],
      entitlements: { features: [], status: null },
    });
    expect(acme.clock?.frozenTime).toBeTypeOf('number');
    const globex = await state('dave');
    expect(globex.org).toEqual({ id: 'globex', name: 'Globex Corp.' });
    expect(globex.customerId).not.toBe(acme.customerId);

    const customer = await demo.stripe.customers.retrieve(acme.customerId);
    expect(customer.deleted).not.toBe(true);
    expect(!customer.deleted && customer.test_clock).toBe(demo.clockFor('acme'));
    expect(demo.clockFor('acme')).not.toBe(demo.clockFor('globex'));

    const texts = [JSON.stringify(acme), await (await call('/demo/config')).text()];
    for (const text of texts) expect(text).not.toMatch(/sk_test_|whsec_/);
  });

  it('advances one organisation clock by a day without touching the other one', async () => {
    const acmeBefore = await state('alice');
    const globexBefore = await state('carol');
    const response = await call('/demo/dev/advance', { as: 'alice', body: { by: 'day' } });
    expect(response.status).toBe(200);
    const after = (await response.json()) as DevPanelState;
    expect(after.clock?.frozenTime).toBe((acmeBefore.clock?.frozenTime ?? 0) + 86_400);
    expect((await state('carol')).clock).toEqual(globexBefore.clock);
  });

  it('renews a monthly subscription when advancing a month: a paid invoice, applied webhooks', async () => {
    const subscriptionId = await subscribePaid('alice', 'Starter');
    const before = await state('alice');
    expect(before.mirror).toMatchObject([{ id: subscriptionId, status: 'active', planName: 'Starter' }]);
    const periodEnd = before.mirror[0]?.currentPeriodEnd ?? 0;

    const response = await call('/demo/dev/advance', { as: 'alice', body: { by: 'month' } });
    expect(response.status).toBe(200);
    const after = (await response.json()) as DevPanelState;

    // The clock sits on the same day next month, which is the subscription's renewal.
    const from = new Date((before.clock?.frozenTime ?? 0) * 1000);
    const to = new Date((after.clock?.frozenTime ?? 0) * 1000);
    expect(to.getUTCDate()).toBe(Math.min(from.getUTCDate(), to.getUTCDate()));
    expect((to.getUTCMonth() - from.getUTCMonth() + 12) % 12).toBe(1);
    expect(after.clock?.frozenTime).toBeGreaterThanOrEqual(periodEnd);

    // The mirror moved to the next period, exactly like Stripe.
    expect(after.mirror).toMatchObject([{ id: subscriptionId, status: 'active' }]);
    expect(after.mirror[0]?.currentPeriodEnd).toBeGreaterThan(periodEnd);
    expect(after.stripe).toEqual([
      {
        id: subscriptionId,
        status: 'active',
        priceId: await priceIdOf('Starter', 'month'),
        quantity: 1,
        currentPeriodEnd: after.mirror[0]?.currentPeriodEnd,
        cancelAtPeriodEnd: false,
        scheduleId: null,
      },
    ]);
    expect(after.entitlements).toEqual({ features: ['projects'], status: 'active' });

    // A second paid invoice, and the ledger (newest first) shows its webhook applied.
    const invoices = InvoicesResponseSchema.parse(
      await (await call('/api/billing/invoices', { as: 'alice' })).json(),
    );
    expect(invoices.invoices.map((invoice) => invoice.status)).toEqual(['paid', 'paid']);
    const received = after.ledger.map((entry) => Date.parse(entry.receivedAt));
    expect(received).toEqual([...received].sort((a, b) => b - a));
    const paid = after.ledger.filter((entry) => entry.type === 'invoice.paid');
    expect(paid).toHaveLength(2);
    for (const entry of after.ledger) {
      expect(entry.appliedAt, `${entry.type} ${entry.id}`).not.toBeNull();
      expect(entry.lastError).toBeNull();
    }
    expect(after.ledger.length).toBeLessThanOrEqual(50);
  });

  it('makes the next renewal fail: after a month the subscription is past due in the mirror and in Stripe', async () => {
    const response = await call('/demo/dev/fail-next-renewal', { as: 'alice', method: 'POST' });
    expect(response.status).toBe(200);
    const armed = (await response.json()) as DevPanelState;
    expect(armed.mirror[0]?.status).toBe('active');
    const [live] = await demo.stripe.subscriptions
      .list({ customer: armed.customerId, limit: 1 })
      .then((l) => l.data);
    const card = await demo.stripe.paymentMethods.retrieve(String(live?.default_payment_method));
    expect(card.card?.last4).toBe('0341');
    const customer = await demo.stripe.customers.retrieve(armed.customerId);
    expect(!customer.deleted && customer.invoice_settings.default_payment_method).toBe(card.id);

    const advanced = await call('/demo/dev/advance', { as: 'alice', body: { by: 'month' } });
    const after = (await advanced.json()) as DevPanelState;
    expect(after.mirror[0]).toMatchObject({ status: 'past_due', latestInvoiceStatus: 'open' });
    expect(after.stripe[0]?.status).toBe('past_due');
    // Within the grace period (counted on Acme's clock), the plan's features stay.
    expect(after.entitlements).toEqual({ features: ['projects'], status: 'past_due' });
    expect(after.ledger.some((entry) => entry.type === 'invoice.payment_failed' && entry.appliedAt)).toBe(
      true,
    );

    const subscriptions = SubscriptionsResponseSchema.parse(
      await (await call('/api/billing/subscriptions', { as: 'bob' })).json(),
    );
    expect(subscriptions.subscriptions[0]?.status).toBe('past_due');
  });

  it('resets everything: a new emulator, customers and clocks, an empty mirror, the catalog seeded again', async () => {
    const before = await state('alice');
    const oldEmulator = demo.emulator;
    const response = await call('/demo/dev/reset', { as: 'carol', method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });

    const after = await state('alice');
    expect(after.customerId).not.toBe(before.customerId);
    expect(after.mirror).toEqual([]);
    expect(after.stripe).toEqual([]);
    expect(after.ledger).toEqual([]);
    expect(after.entitlements).toEqual({ features: [], status: null });
    expect(after.clock?.frozenTime).toBeLessThan(before.clock?.frozenTime ?? 0);
    expect(demo.emulator).not.toBe(oldEmulator);
    expect(
      (await call('/api/billing/subscriptions', { as: 'alice' }).then((r) => r.json())) as unknown,
    ).toEqual({
      subscriptions: [],
    });

    const catalog = CatalogResponseSchema.parse(await (await call('/api/billing/catalog')).json());
    expect(catalog.plans.map((plan) => plan.name)).toEqual(['Free', 'Starter', 'Pro', 'Business']);
    const config = (await (await call('/demo/config')).json()) as { stripe: { apiBase: string } };
    expect(config.stripe.apiBase).toBe(demo.emulator?.url);

    // The new seed works end to end: a subscription renews on the new clock.
    await subscribePaid('alice', 'Starter');
    const renewed = await call('/demo/dev/advance', { as: 'alice', body: { by: 'month' } });
    expect(((await renewed.json()) as DevPanelState).mirror[0]?.status).toBe('active');
  });
});

describe('the developer panel API without the emulator', () => {
  const unusedWorlds: DevPanelWorlds = {
    withWorld: () => Promise.reject(new Error('must not be reached')),
    exclusive: (work) => work(),
    reset: () => Promise.reject(new Error('must not be reached')),
  };

  it.each(routes)(
    'answers %s %s with 404 and a plain JSON message in Stripe test mode',
    async (method, path) => {
      const handler = createDevPanelApi(null);
      const response = await handler(
        new Request(`http://demo.local${path}`, {
          method,
          headers: { cookie: 'demo_user=alice', 'content-type': 'application/json' },
          ...(method === 'POST' ? { body: '{"by":"day"}' } : {}),
        }),
      );
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: {
          code: 'not_found',
          message:
            'The developer panel only exists offline, against the Stripe emulator: it is off in Stripe test mode.',
        },
      });
    },
  );

  it('says a failed reset failed, and that the demo keeps its data', async () => {
    const failingReset = createDevPanelApi({
      ...unusedWorlds,
      reset: () => Promise.reject(new Error('port in use')),
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const response = await failingReset(
        new Request('http://demo.local/demo/dev/reset', {
          method: 'POST',
          headers: { cookie: 'demo_user=alice' },
        }),
      );
      expect(response.status).toBe(500);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('reset_failed');
      expect(body.error.message).toMatch(/keeps running with its current data/);
    } finally {
      console.error = original;
    }
    expect(JSON.stringify(errors)).toMatch(/port in use/);
  });
});
