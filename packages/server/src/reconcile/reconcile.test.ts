import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingTestEnv, startBillingTestEnv } from '../../test/billing-test-env.js';
import { createPostgresTestStore } from '../../test/postgres-test-store.js';
import { createPGliteStore, type SubscriptionMirrorRow } from '../index.js';

describe.each([
  ['PGlite', () => createPGliteStore()],
  ['PostgreSQL', () => createPostgresTestStore('reconcile')],
])('reconcile() on %s', (_storeName, openStore) => {
  let env: BillingTestEnv;
  beforeAll(async () => {
    env = await startBillingTestEnv({ openStore });
  });
  afterAll(async () => {
    await env?.close();
  });

  async function paidCustomer(): Promise<{ customerId: string; row: SubscriptionMirrorRow }> {
    const customerId = await env.createCustomer();
    await env.subscribeAndPay(customerId, env.catalog.starter.monthlyPriceId);
    const [row] = await env.store.listSubscriptionRows({ customerId });
    if (!row) throw new Error('The subscription was not mirrored.');
    return { customerId, row };
  }

  it('reports and repairs a wrong row, a row Stripe does not know, and a missing row, one customer at a time', async () => {
    const first = await paidCustomer();
    const second = await paidCustomer();
    // Drift written straight into the mirror, as a bug or a hand edit would.
    await env.store.upsertSubscription({
      ...first.row,
      status: 'canceled',
      quantity: 3,
      version: first.row.version + 1,
    });
    await env.store.upsertSubscription({
      ...first.row,
      id: 'sub_ghost_of_first',
      version: first.row.version + 1,
    });
    await env.store.deleteSubscription(second.row.id);

    const scoped = await env.billing.reconcile({ customerId: first.customerId });
    expect(scoped.checked).toBe(2);
    expect(scoped.drifts).toEqual(
      expect.arrayContaining([
        {
          subscriptionId: first.row.id,
          customerId: first.customerId,
          kind: 'changed',
          fields: [
            { field: 'status', mirror: 'canceled', stripe: 'active' },
            { field: 'quantity', mirror: 3, stripe: 1 },
          ],
        },
        { subscriptionId: 'sub_ghost_of_first', customerId: first.customerId, kind: 'orphaned', fields: [] },
      ]),
    );
    expect(scoped.drifts).toHaveLength(2);
    expect(await env.store.listSubscriptionRows({ customerId: first.customerId })).toEqual([
      expect.objectContaining({ id: first.row.id, status: 'active', quantity: 1 }),
    ]);
    expect(await env.store.getSubscriptions(second.customerId)).toEqual([]);

    const everything = await env.billing.reconcile();
    expect(everything.drifts).toContainEqual({
      subscriptionId: second.row.id,
      customerId: second.customerId,
      kind: 'missing',
      fields: [],
    });
    expect(await env.store.getSubscriptions(second.customerId)).toEqual([
      expect.objectContaining({ id: second.row.id, status: 'active' }),
    ]);
    expect((await env.billing.reconcile({ customerId: second.customerId })).drifts).toEqual([]);
  });

  it('repairs a row whose version is from the future, which would otherwise block every webhook write', async () => {
    const { customerId, row } = await paidCustomer();
    await env.store.upsertSubscription({ ...row, status: 'unpaid', version: Date.now() + 86_400_000 });
    const report = await env.billing.reconcile({ customerId });
    expect(report.drifts).toEqual([
      expect.objectContaining({
        kind: 'changed',
        fields: [{ field: 'status', mirror: 'unpaid', stripe: 'active' }],
      }),
    ]);
    const [repaired] = await env.store.listSubscriptionRows({ customerId });
    expect(repaired?.status).toBe('active');
    expect(repaired?.version).toBeLessThanOrEqual(Date.now());
  });
});
