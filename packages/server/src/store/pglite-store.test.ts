import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBillingStore } from '../../test/billing-store-contract.js';
import { createPGliteStore } from '../index.js';

describeBillingStore('PGlite in memory', () => createPGliteStore());

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'billing-kit-store-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('createPGliteStore with a data directory', () => {
  it('keeps the ledger across reopen, applying migrations only once', async () => {
    const first = await createPGliteStore({ dataDir });
    await first.recordWebhookEvent({ id: 'evt_1', type: 'invoice.paid', receivedAt: new Date(1_000) });
    await first.markWebhookEventApplied('evt_1', new Date(2_000));
    await first.close();

    const reopened = await createPGliteStore({ dataDir });
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
