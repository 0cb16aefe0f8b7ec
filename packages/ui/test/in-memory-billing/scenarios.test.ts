import { describe, expect, it } from 'vitest';
import { type BillingScenario, createInMemoryBilling, scenarios } from './index.js';

/** Every read the kit makes, through the typed client (which validates each answer with the core schema). */
function readAll(scenario: BillingScenario) {
  const { client } = createInMemoryBilling({ ...scenario, latencyMs: 0 });
  return Promise.all([
    client.getCatalog(),
    client.listSubscriptions(),
    client.listPaymentMethods(),
    client.listInvoices(),
    client.getEntitlements(),
  ]);
}

const dataScenarios = [
  'newCustomer',
  'trialing',
  'active',
  'pastDue',
  'endingAtPeriodEnd',
  'scheduledDowngrade',
  'incompleteAwaiting3ds',
  'empty',
] as const;

describe('given each ready-made scenario', () => {
  it.each(dataScenarios)('when the kit reads %s, then every answer passes the core schemas', async (name) => {
    const [catalog, { subscriptions }, { paymentMethods }, { invoices }, entitlements] = await readAll(
      scenarios[name],
    );

    expect(subscriptions).toEqual(scenarios[name].subscriptions ?? []);
    expect(paymentMethods).toHaveLength(scenarios[name].paymentMethods?.length ?? 0);
    expect(invoices).toHaveLength(scenarios[name].invoices?.length ?? 0);
    expect(entitlements.status).toBe(subscriptions[0]?.status ?? null);
    expect(catalog.plans).toHaveLength(name === 'empty' ? 0 : 3);
  });

  it('then each names the state its stories show', async () => {
    const [, trialing] = await readAll(scenarios.trialing);
    const [, ending] = await readAll(scenarios.endingAtPeriodEnd);
    const [, scheduled] = await readAll(scenarios.scheduledDowngrade);
    const [, , , pastDueInvoices, pastDueEntitlements] = await readAll(scenarios.pastDue);
    const [catalog] = await readAll(scenarios.active);

    expect(trialing.subscriptions[0]?.status).toBe('trialing');
    expect(ending.subscriptions[0]).toMatchObject({ cancelAtPeriodEnd: true, nextInvoice: null });
    expect(scheduled.subscriptions[0]?.scheduledChange?.planName).toBe('Basic');
    expect(pastDueInvoices.invoices[0]).toMatchObject({ id: 'in_open', status: 'open' });
    expect(pastDueEntitlements.features).toEqual([]);
    expect(catalog.currentPriceId).toBe('price_pro_month');
  });
});

describe('given the faults of a scenario', () => {
  it('when a route is loading, then it never answers (and a timeout wins the race)', async () => {
    const { client } = createInMemoryBilling({ ...scenarios.loading, latencyMs: 0 });

    const outcome = await Promise.race([
      client.listSubscriptions().then(() => 'answered'),
      new Promise((resolve) => setTimeout(() => resolve('still loading'), 200)),
    ]);

    expect(outcome).toBe('still loading');
  });

  it('when a loading request is aborted, then it rejects as fetch does', async () => {
    const { client } = createInMemoryBilling({ ...scenarios.loading, latencyMs: 0 });
    const controller = new AbortController();

    const pending = client.getCatalog({ signal: controller.signal });
    controller.abort();

    await expect(pending).rejects.toThrow();
  });

  it('when a route fails once (the error scenario), then the first read is a 500 and the retry works', async () => {
    const { client } = createInMemoryBilling({ ...scenarios.error, latencyMs: 0 });

    await expect(client.listSubscriptions()).rejects.toMatchObject({ status: 500, code: 'internal_error' });
    const retried = await client.listSubscriptions();

    expect(retried.subscriptions[0]?.status).toBe('active');
  });

  it('when a route is in error, then every call is a 500 and other routes still work', async () => {
    const { client } = createInMemoryBilling({
      ...scenarios.active,
      latencyMs: 0,
      faults: { listInvoices: 'error' },
    });

    await expect(client.listInvoices()).rejects.toMatchObject({ status: 500 });
    await expect(client.listInvoices()).rejects.toMatchObject({ status: 500 });
    expect((await client.listPaymentMethods()).paymentMethods).toHaveLength(1);
  });

  it('when latency is set, then answers wait that long, so loading states show', async () => {
    const { client } = createInMemoryBilling({ ...scenarios.active, latencyMs: 150 });

    const started = performance.now();
    await client.getCatalog();

    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('when taxRate is given as a fraction, then creating the billing says to pass a percentage', () => {
    expect(() => createInMemoryBilling({ taxRate: 0.1 })).toThrow(/Pass 10 for 10%/);
  });
});
