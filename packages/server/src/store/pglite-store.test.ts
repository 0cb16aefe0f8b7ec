import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPGliteStore } from '../index.js';
import type { SubscriptionMirrorRow } from './billing-store.js';

const row: SubscriptionMirrorRow = {
  id: 'sub_store_test',
  customerId: 'cus_store_test',
  status: 'active',
  planId: 'prod_a',
  planName: 'A',
  priceId: 'price_a',
  interval: 'month',
  currency: 'usd',
  unitAmount: 1000,
  quantity: 1,
  currentPeriodStart: 1_900_000_000,
  currentPeriodEnd: 4_102_444_800, // 2100: past int4 on purpose
  cancelAtPeriodEnd: false,
  trialEnd: null,
  syncedAt: 1_900_000_000,
  version: 1_900_000_000_000,
};

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'billing-kit-store-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('createPGliteStore with a data directory', () => {
  it('keeps the mirror and the ledger across reopen, applying migrations only once', async () => {
    const first = await createPGliteStore({ dataDir });
    expect(await first.upsertSubscription(row)).toBe(true);
    await first.recordWebhookEvent({ id: 'evt_1', type: 'invoice.paid', receivedAt: new Date(1_000) });
    await first.markWebhookEventApplied('evt_1', new Date(2_000));
    await first.close();

    const reopened = await createPGliteStore({ dataDir });
    const { version: _version, customerId: _customerId, ...summary } = row;
    expect(await reopened.getSubscriptions('cus_store_test')).toEqual([summary]);
    expect(await reopened.listWebhookEvents()).toEqual([
      {
        id: 'evt_1',
        type: 'invoice.paid',
        receivedAt: new Date(1_000),
        attempts: 1,
        lastError: null,
        appliedAt: new Date(2_000),
      },
    ]);
    await reopened.close();
  });
});

describe('the subscription mirror', () => {
  it('only overwrites a row with a newer-or-equal version', async () => {
    const store = await createPGliteStore();
    await store.upsertSubscription(row);
    expect(await store.upsertSubscription({ ...row, status: 'incomplete', version: row.version - 1 })).toBe(
      false,
    );
    expect(await store.upsertSubscription({ ...row, status: 'past_due', version: row.version })).toBe(true);
    expect(await store.upsertSubscription({ ...row, status: 'canceled', version: row.version + 1 })).toBe(
      true,
    );
    expect((await store.getSubscriptions(row.customerId)).map((subscription) => subscription.status)).toEqual(
      ['canceled'],
    );
    expect(await store.getSubscriptions('cus_nobody')).toEqual([]);
    await store.close();
  });
});
