import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BillingTestEnv, startBillingTestEnv } from '../../test/billing-test-env.js';
import {
  dropSchema,
  PG_TEST_URL_MISSING,
  postgresTestUrl,
  uniqueSchemaName,
  urlWithSchema,
} from '../../test/postgres-test-store.js';
import { type BillingStore, createPGliteStore, createPostgresStore } from '../index.js';
import { runCli } from './run-cli.js';

const SECRET_KEY = 'sk_test_cliSecretNeverPrinted123';

async function cli(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  expect(`${stdout}${stderr}`).not.toContain(SECRET_KEY);
  return { code, stdout, stderr };
}

describe('billing-kit on a bad command line', () => {
  it('prints the usage for --help and exits 0', async () => {
    for (const argv of [['--help'], ['reconcile', '--help']]) {
      const { code, stdout } = await cli(argv);
      expect(code).toBe(0);
      expect(stdout).toContain('Usage: billing-kit reconcile --database-url');
    }
  });

  it.each([
    [[], /Name a command/],
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['reconcile', '--nope'], /Unknown option '--nope'/],
    [['reconcile'], /Pass --database-url/],
    [['reconcile', '--database-url'], /argument missing|--database-url/],
    [
      ['reconcile', '--database-url', 'mysql://x'],
      /must start with postgres:\/\/, postgresql:\/\/ or pglite:/,
    ],
    [
      ['reconcile', '--database-url', 'pglite:./no/such/dir', '--customer', 'bob'],
      /--customer must be a Stripe customer id/,
    ],
    [['reconcile', '--database-url', 'pglite:/tmp'], /Set STRIPE_SECRET_KEY/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    const { code, stderr } = await cli(argv as string[]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('Usage:');
  });

  it('exits 2 for a PGlite directory that does not exist, and for a bad STRIPE_API_BASE', async () => {
    const missingDir = await cli(['reconcile', '--database-url', 'pglite:/no/such/billing-dir'], {
      STRIPE_SECRET_KEY: SECRET_KEY,
    });
    expect(missingDir.code).toBe(2);
    expect(missingDir.stderr).toContain('There is no PGlite data directory at /no/such/billing-dir');
    const badBase = await cli(['reconcile', '--database-url', 'pglite:/tmp'], {
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_API_BASE: 'localhost:12111',
    });
    expect(badBase.code).toBe(2);
    expect(badBase.stderr).toMatch(/STRIPE_API_BASE must/);
  });
});

describe('billing-kit reconcile against the emulator', () => {
  let env: BillingTestEnv;
  let customerId: string;
  let subscriptionId: string;
  let dataDir: string;
  beforeAll(async () => {
    env = await startBillingTestEnv();
    customerId = await env.createCustomer();
    subscriptionId =
      (await env.subscribeAndPay(customerId, env.catalog.starter.monthlyPriceId)).subscriptionId ?? '';
    dataDir = await mkdtemp(join(tmpdir(), 'billing-kit-cli-'));
  });
  afterAll(async () => {
    await env?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const stripeEnv = () => ({ STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_API_BASE: env.emulator.url });

  /** Writes a wrong copy of the customer's subscription into `store`, as drift. */
  async function writeDrift(store: BillingStore) {
    const [row] = await env.store.listSubscriptionRows({ customerId });
    if (!row) throw new Error('The subscription was not mirrored.');
    await store.upsertSubscription({ ...row, status: 'past_due' });
  }

  it('repairs a PGlite data directory and prints each drift', async () => {
    const store = await createPGliteStore({ dataDir });
    await writeDrift(store);
    await store.close();

    const { code, stdout } = await cli(
      ['reconcile', '--database-url', `pglite:${dataDir}`, '--customer', customerId],
      stripeEnv(),
    );
    expect(code).toBe(0);
    expect(stdout).toContain(`changed   ${subscriptionId} (${customerId}): status "past_due" -> "active"`);
    expect(stdout).toContain('Checked 1 subscription; repaired 1 drift.');

    const reopened = await createPGliteStore({ dataDir });
    expect((await reopened.getSubscriptions(customerId))[0]?.status).toBe('active');
    await reopened.close();
    const again = await cli(
      ['reconcile', '--database-url', `pglite:${dataDir}`, '--customer', customerId, '--json'],
      stripeEnv(),
    );
    expect(JSON.parse(again.stdout)).toEqual({ checked: 1, drifts: [] });
  });

  it('repairs a PostgreSQL database given as postgres://', async () => {
    const url = postgresTestUrl();
    if (url === null) throw new Error(PG_TEST_URL_MISSING);
    const schema = uniqueSchemaName('cli');
    try {
      const store = await createPostgresStore({ connectionString: url, schema });
      await writeDrift(store);
      await store.close();
      const { code, stdout } = await cli(
        ['reconcile', '--database-url', urlWithSchema(url, schema), '--customer', customerId],
        stripeEnv(),
      );
      expect(code).toBe(0);
      expect(stdout).toContain('repaired 1 drift');
      const reopened = await createPostgresStore({ connectionString: url, schema });
      expect((await reopened.getSubscriptions(customerId))[0]?.status).toBe('active');
      await reopened.close();
    } finally {
      await dropSchema(url, schema);
    }
  });

  it('exits 1 without printing the key when Stripe cannot be reached', async () => {
    const { code, stderr } = await cli(['reconcile', '--database-url', `pglite:${dataDir}`], {
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_API_BASE: 'http://127.0.0.1:9',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^billing-kit: reconcile failed: /);
  });
});
