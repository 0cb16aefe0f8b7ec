// The soak: customers live through randomised billing lifecycles against the emulator while everything that goes
// wrong in production goes wrong at once: duplicated, reordered, delayed and failing webhook deliveries, Stripe
// errors on the server's own calls, and the webhook process killed at random points and restarted. After the
// retries drain, the app must agree with Stripe for every customer, every event must be applied exactly once, and
// nothing may be charged twice.
//
// Settings (environment): SOAK_CUSTOMERS (default 500; 5000 for the manual run), SOAK_STEPS (actions per customer
// after subscribing, default 4), SOAK_CONCURRENCY (customers in flight, default 12), SOAK_SEED (default: random,
// printed). Needs PostgreSQL (PG_TEST_URL, which `pnpm test` provides): the webhook worker is a separate process that
// is killed and restarted, and both processes share one database, as they would in production.
//
// `pnpm test` runs it last, alone (vitest.soak.config.ts says why); by itself:
//   PG_TEST_URL=postgres://... SOAK_CUSTOMERS=5000 pnpm --filter @billing-kit/server test:soak
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StripeEmulator, startStripeEmulator } from '@billing-kit/stripe-emulator';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dropSchema,
  PG_TEST_URL_MISSING,
  postgresTestUrl,
  uniqueSchemaName,
} from '../../test/postgres-test-store.js';
import { type ServedHandler, serveOverHttp } from '../../test/serve-over-http.js';
import {
  CustomerLifecycle,
  emptyTally,
  type SoakCatalog,
  type SoakDriver,
} from '../../test/soak/customer-lifecycle.js';
import { seededRandom } from '../../test/soak/seeded-random.js';
import { checkCustomer, checkLedger, type Drift } from '../../test/soak/soak-verdict.js';
import { readJournal, WorkerSupervisor } from '../../test/soak/worker-supervisor.js';
import { BILLING_WEBHOOK_EVENTS, type BillingStore, createBilling, createPostgresStore } from '../index.js';

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a whole number of 1 or more, got "${raw}".`);
  return value;
}

const CUSTOMERS = setting('SOAK_CUSTOMERS', 500);
const STEPS = setting('SOAK_STEPS', 4);
const CONCURRENCY = setting('SOAK_CONCURRENCY', 12);
/** SOAK_FAULTS=0 runs the same lifecycles with no fault at all: the baseline to compare timings with. */
const FAULTS = process.env.SOAK_FAULTS !== '0';
const SEED = setting('SOAK_SEED', 1 + Math.floor(Math.random() * 1_000_000));
const CUSTOMER_HEADER = 'x-soak-customer';
// Long enough that a busy machine's slow applies are not taken over (each takeover repeats the work and, under
// load, feeds a storm of redeliveries); short enough that a killed process's claims come back within the run.
const CLAIM_LEASE_MS = 20_000;
/** The emulator gives up on a receiver after this long; the worker's slow answers take longer. */
const RECEIVER_TIMEOUT_MS = 5000;
/** About 0.4 s per customer on an idle two-core machine; fail plainly well before CI's own limit if it stalls. */
const TEST_TIMEOUT_MS = Math.max(15 * 60_000, CUSTOMERS * 2_000);
/**
 * Deliveries in flight at once to the webhook worker. Enough that the slow answers (each holds its slot until the
 * receiver timeout) leave room for the rest: with 8 the worker fell behind and the drain took 2.5 min in CI, with 32
 * it keeps up; few enough that a busy spell cannot pile up hundreds of connections (see the emulator's option).
 */
const WORKER_ATTEMPTS_IN_FLIGHT = 32;

const databaseUrl = postgresTestUrl();
const schema = uniqueSchemaName('soak');
const journalDir = mkdtempSync(join(tmpdir(), 'billing-kit-soak-'));
const journalPath = join(journalDir, 'webhook-worker.journal');

let emulator: StripeEmulator;
let driverStripe: Stripe;
let apiStore: BillingStore;
let api: ServedHandler;
let supervisor: WorkerSupervisor;
let catalog: SoakCatalog;
let entitlementsByProduct: Record<string, string[]>;
const faultTimers: NodeJS.Timeout[] = [];
const eventsBeforeEndpoint = new Set<string>();

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function createCatalog(stripe: Stripe) {
  const starter = await stripe.products.create({ name: 'Starter' });
  const pro = await stripe.products.create({ name: 'Pro' });
  const team = await stripe.products.create({ name: 'Team' });
  const price = (product: string, unitAmount: number, recurring: Stripe.PriceCreateParams.Recurring) =>
    stripe.prices.create({ product, currency: 'usd', unit_amount: unitAmount, recurring }).then((p) => p.id);
  catalog = {
    starterMonthly: await price(starter.id, 1000, { interval: 'month' }),
    starterYearly: await price(starter.id, 10000, { interval: 'year' }),
    proMonthly: await price(pro.id, 3000, { interval: 'month', trial_period_days: 14 }),
    teamSeat: await price(team.id, 1500, { interval: 'month' }),
  };
  entitlementsByProduct = {
    [starter.id]: ['projects'],
    [pro.id]: ['analytics', 'projects'],
    [team.id]: ['projects', 'sso'],
  };
  return [
    { productId: starter.id, entitlements: ['projects'] },
    { productId: pro.id, entitlements: ['projects', 'analytics'] },
    { productId: team.id, entitlements: ['projects', 'sso'], perSeat: true },
  ];
}

/** Arms the faults that last the whole run, and keeps re-arming those that come in batches. */
async function armFaults(): Promise<void> {
  const { control } = emulator;
  control.setSeed({ seed: SEED });
  control.duplicateDeliveries({ probability: 0.2 });
  control.setDeliveryTimeout({ timeoutMs: RECEIVER_TIMEOUT_MS });
  // 2% of every API request fails with a 500 (retryable). The server's SDK has retries off, so the kit sees all of
  // its own; the soak's driver (test clocks, the customer's browser) retries them like Stripe.js and the SDK would.
  control.failNextRequests({ probability: 0.02, status: 500 });
  control.delayNextRequests({ probability: 0.03, delayMs: 150 });
  const random = seededRandom(SEED);
  faultTimers.push(
    setInterval(() => {
      // Random reordering: batches of deliveries held and sent in a shuffled order, one batch after another.
      if (control.faults().webhooks.reorder === null)
        control.reorderDeliveries({ batchSize: 8, holdMs: 250 });
      // Delays of varying length before first attempts.
      if (control.faults().webhooks.delay === null) {
        control.delayDeliveries({ count: 10, delayMs: Math.floor(random() * 400) });
      }
    }, 200),
  );
}

beforeAll(async () => {
  if (databaseUrl === null) throw new Error(PG_TEST_URL_MISSING);
  emulator = await startStripeEmulator({
    port: 0,
    seed: SEED,
    // Like Stripe's own schedule (retries for three days), compressed: back off up to 2 s and never give up within
    // the run, so an event can only go missing if the app loses it. At most WORKER_ATTEMPTS_IN_FLIGHT attempts at a
    // time, as Stripe paces its own sending: without a bound, a slow spell (a busy machine) grows a backlog whose
    // retries every 2 s outnumber what the worker can answer, and the soak measures a storm it made itself.
    webhookRetry: {
      initialDelayMs: 100,
      maxDelayMs: 2000,
      maxAttempts: 100_000,
      timeoutMs: RECEIVER_TIMEOUT_MS,
      maxConcurrentAttempts: WORKER_ATTEMPTS_IN_FLIGHT,
    },
  });
  driverStripe = new Stripe('sk_test_soak_driver', { ...emulator.stripeOptions, maxNetworkRetries: 8 });
  const plans = await createCatalog(driverStripe);

  apiStore = await createPostgresStore({ connectionString: databaseUrl, schema, maxConnections: 20 });
  // Events from before the endpoint existed (the catalog's) were never sent to it.
  for await (const event of driverStripe.events.list({ limit: 100 })) eventsBeforeEndpoint.add(event.id);
  const workerPort = await freePort();
  const endpoint = await driverStripe.webhookEndpoints.create({
    url: `http://127.0.0.1:${workerPort}/api/billing/webhooks`,
    // The exact types the mirror reads, as the server README recommends (a test proves them enough).
    enabled_events: [...BILLING_WEBHOOK_EVENTS],
  });
  const webhookSecret = endpoint.secret ?? '';

  const billing = createBilling({
    stripe: new Stripe('sk_test_soak_api', { ...emulator.stripeOptions, maxNetworkRetries: 0 }),
    store: apiStore,
    webhookSecret,
    resolveCustomer: (request) => request.headers.get(CUSTOMER_HEADER),
    catalog: { plans },
    webhooks: { claimLeaseMs: CLAIM_LEASE_MS },
    onError: (error) => {
      const injected = String((error as Error)?.message).startsWith('Injected failure');
      if (process.env.SOAK_DEBUG && !injected) console.error('billing-kit (soak API):', error);
    },
  });
  await billing.syncCatalog();
  api = await serveOverHttp(billing.handler);

  supervisor = new WorkerSupervisor(
    {
      port: workerPort,
      emulatorPort: emulator.port,
      schema,
      journal: journalPath,
      seed: SEED,
      crashAfterMs: FAULTS ? [10_000, 30_000] : null,
      answer500: FAULTS ? 0.03 : 0,
      answerSlowly: FAULTS ? 0.02 : 0,
      slowMs: RECEIVER_TIMEOUT_MS + 500,
      claimLeaseMs: CLAIM_LEASE_MS,
      plans,
    },
    { databaseUrl, webhookSecret },
    FAULTS ? { minMs: 20_000, maxMs: 40_000 } : null,
  );
  await supervisor.start();
  if (FAULTS) await armFaults();
}, 120_000);

afterAll(async () => {
  for (const timer of faultTimers) clearInterval(timer);
  await supervisor?.stop();
  await api?.close();
  await apiStore?.close();
  await emulator?.close();
  if (databaseUrl !== null) await dropSchema(databaseUrl, schema);
  rmSync(journalDir, { recursive: true, force: true });
});

function histogram(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

async function inPool<T>(
  count: number,
  concurrency: number,
  work: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await work(index);
    }
  });
  await Promise.all(runners);
  return results;
}

async function allStripeEventIds(stripe: Stripe): Promise<string[]> {
  const ids: string[] = [];
  const sent = new Set<string>(BILLING_WEBHOOK_EVENTS);
  for await (const event of stripe.events.list({ limit: 100 })) {
    if (sent.has(event.type) && !eventsBeforeEndpoint.has(event.id)) ids.push(event.id);
  }
  return ids;
}

/** Waits until the ledger holds every event Stripe sent, applied (the worker's drain finishes crashed claims). */
async function waitForLedger(stripeEventIds: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const applied = new Set(
      (await apiStore.listWebhookEvents())
        .filter((record) => record.appliedAt !== null)
        .map((record) => record.id),
    );
    if (stripeEventIds.every((id) => applied.has(id))) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe(`soak: ${CUSTOMERS} customers, ${STEPS} actions each, under injected faults (seed ${SEED})`, () => {
  it(
    'ends with the app agreeing with Stripe for every customer, each event applied once, nothing charged twice',
    async () => {
      const started = Date.now();
      const tally = emptyTally();
      const driver: SoakDriver = {
        apiUrl: `${api.origin}/api/billing`,
        customerHeader: CUSTOMER_HEADER,
        catalog,
        stripe: driverStripe,
        emulatorUrl: emulator.url,
        tally,
      };
      const lifecycles = await inPool(CUSTOMERS, CONCURRENCY, async (index) => {
        const lifecycle = new CustomerLifecycle(driver, index, SEED);
        try {
          await lifecycle.live(STEPS);
        } catch (error) {
          // Recorded, not thrown: the others go on, and the report still counts everything.
          tally.brokenLifecycles.push(`customer ${index} (${lifecycle.customerId}): ${String(error)}`);
        }
        return lifecycle;
      });
      const livedMs = Date.now() - started;

      // The storm ends: no more kills or faults, and every delivery still owed goes out.
      supervisor.calm();
      for (const timer of faultTimers) clearInterval(timer);
      emulator.control.clearFaults();
      await emulator.flushWebhooks();
      await supervisor.running();
      const stripeEventIds = await allStripeEventIds(driverStripe);
      await waitForLedger(stripeEventIds, 180_000);
      const drainedMs = Date.now() - started - livedMs;

      const drift: Drift[] = [];
      let charges = 0;
      const now = new Date();
      for (const lifecycle of lifecycles) {
        if (lifecycle.customerId === '') continue;
        const verdict = await checkCustomer({
          stripe: driverStripe,
          customerId: lifecycle.customerId,
          apiUrl: driver.apiUrl,
          customerHeader: CUSTOMER_HEADER,
          entitlementsByProduct,
          now,
        });
        drift.push(...verdict.drift);
        charges += verdict.charges;
      }
      const journal = readJournal(journalPath);
      const ledger = checkLedger({ stripeEventIds, ledger: await apiStore.listWebhookEvents(), journal });
      const deliveries = emulator.control.deliveries().data;
      const countJournal = (what: string) => journal.filter((entry) => entry.what === what).length;

      const report = {
        seed: SEED,
        customers: CUSTOMERS,
        actions: tally.actions,
        actionMs: tally.actionMs,
        charges,
        stripeEvents: ledger.stripeEvents,
        deliveries: deliveries.length,
        duplicateDeliveries: deliveries.filter((record) => record.duplicate).length,
        deliveryAttemptsRetried: deliveries.reduce(
          (sum, record) => sum + Math.max(0, record.attempts - 1),
          0,
        ),
        deliveryAnswers: histogram(deliveries.flatMap((record) => record.statuses.map(String))),
        deliveriesGivenUp: deliveries.filter((record) => !record.delivered && !record.dropped).length,
        redeliveriesRecognisedByLedger: ledger.redeliveriesRecognised,
        answered500: countJournal('answered-500'),
        answeredTooSlowly: countJournal('answered-slowly'),
        routeCallsRetriedAfterStripeErrors: tally.retriedCalls,
        refusals: tally.refusals,
        workerStarts: supervisor.counts.starts,
        workerDownSeconds: supervisor.counts.downMs / 1000,
        crashesSurvived: {
          total: supervisor.counts.kills,
          external: supervisor.counts.externalKills,
          betweenRecordingAndApplying: countJournal('crash:after-record'),
          midTransaction: countJournal('crash:mid-transaction'),
        },
        eventsTakenOverAfterCrash: ledger.takenOverAfterCrash,
        // Appliers that finished after their claim's lease ran out and another took over: they recorded nothing.
        lateAppliesNotRecorded: countJournal('late'),
        drift: drift.length,
        lostEvents: ledger.lost.length,
        phantomEvents: ledger.phantom.length,
        eventsAppliedTwice: ledger.appliedTwice.length,
        internalErrors: tally.internalErrors.length,
        contractViolations: tally.contractViolations.length,
        brokenLifecycles: tally.brokenLifecycles.length,
        seconds: { lifecycles: livedMs / 1000, drain: drainedMs / 1000 },
      };
      console.log(`soak report\n${JSON.stringify(report, null, 2)}`);
      if (process.env.SOAK_DEBUG) {
        console.log(tally.internalErrors.slice(0, 5), ledger.lost.slice(0, 5));
        console.log(histogram(deliveries.map((record) => String(record.lastError).slice(0, 40))));
      }

      expect(drift.slice(0, 5), 'drift between the app and Stripe (first five)').toEqual([]);
      expect(ledger.lost.slice(0, 5), 'events Stripe sent that were never applied').toEqual([]);
      expect(ledger.phantom.slice(0, 5), 'ledger entries Stripe never sent').toEqual([]);
      expect(ledger.appliedTwice.slice(0, 5), 'events applied twice').toEqual([]);
      expect(tally.internalErrors.slice(0, 3), '500 internal_error answers').toEqual([]);
      expect(tally.contractViolations.slice(0, 3), 'answers outside the contract').toEqual([]);
      expect(tally.brokenLifecycles.slice(0, 3), 'lifecycles stopped by an unexpected answer').toEqual([]);
      if (FAULTS) {
        // The faults really happened: a soak that injected nothing proves nothing.
        expect(report.duplicateDeliveries).toBeGreaterThan(0);
        expect(report.crashesSurvived.total).toBeGreaterThan(0);
        expect(report.routeCallsRetriedAfterStripeErrors).toBeGreaterThan(0);
      }
    },
    TEST_TIMEOUT_MS,
  );
});
