#!/usr/bin/env node
// Benchmark of @billing-kit/server's webhook pipeline and routes, against @billing-kit/stripe-emulator over HTTP.
// Run after `pnpm build`:
//   node bench/server-webhooks.bench.mjs [--events 1000] [--concurrency 50]
// 1. Webhook throughput and time-to-2xx (p50/p99) with `concurrency` deliveries in flight, through node:http, on
//    PGlite (in memory) and on PostgreSQL (PG_TEST_URL, or a throwaway durable cluster like `pnpm test` starts).
//    Two event kinds: subscription events (verify, ledger, one re-read from Stripe, mirror write) and events the
//    mirror does not use (verify and ledger only: the pipeline's own ceiling).
// 2. Where the time goes: signature check, store statements, Stripe re-reads, per event.
// 3. Stripe API calls each route makes, counted at a proxy in front of the emulator.
// Prints the figures and writes bench/results/server.json. Targets (not asserted anywhere): 500 events/s on PGlite,
// 1,500 on PostgreSQL, p99 under 25 ms, zero Stripe calls to render the portal.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startThrowawayPostgres } from '../scripts/throwaway-postgres.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverDir = join(root, 'packages', 'server');
const TARGETS = {
  pgliteEventsPerSecond: 500,
  postgresEventsPerSecond: 1500,
  p99Ms: 25,
  portalStripeCalls: 0,
};

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '50' } },
});
const totalEvents = Number(values.events);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(totalEvents) || totalEvents < 1 || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error(
    'Usage: node bench/server-webhooks.bench.mjs [--events <positive integer>] [--concurrency <positive integer>]',
  );
  process.exit(2);
}
for (const entry of ['packages/server/dist/index.js', 'packages/stripe-emulator/dist/cli.js']) {
  if (!existsSync(join(root, entry))) {
    console.error(`${entry} is missing: run \`pnpm build\` first.`);
    process.exit(1);
  }
}

const server = await import(pathToFileURL(join(serverDir, 'dist', 'index.js')).href);
const { toNodeHandler } = await import(pathToFileURL(join(serverDir, 'dist', 'adapters', 'node.js')).href);
const requireFromServer = createRequire(join(serverDir, 'package.json'));
const stripeModule = await import(pathToFileURL(requireFromServer.resolve('stripe')).href);
const Stripe = stripeModule.default?.default ?? stripeModule.default ?? stripeModule.Stripe;
const pg = (await import(pathToFileURL(requireFromServer.resolve('pg')).href)).default;

async function startEmulatorProcess() {
  const child = spawn(
    process.execPath,
    [
      join(root, 'packages', 'stripe-emulator', 'bin', 'billing-kit-stripe-emulator.js'),
      '--port',
      '0',
      '--seed',
      '1',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) =>
      reject(new Error(`The emulator exited (${code}) before listening:\n${output}`)),
    );
  });
  const { hostname, port } = new URL(url);
  return {
    url,
    port: Number(port),
    stripeOptions: { host: hostname, port: Number(port), protocol: 'http' },
    close: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const listen = (handler) =>
  new Promise((resolve) => {
    const httpServer = createServer(handler);
    httpServer.listen(0, '127.0.0.1', () => resolve(httpServer));
  });
const closeServer = (httpServer) =>
  new Promise((resolve) => {
    httpServer.closeAllConnections?.();
    httpServer.close(() => resolve());
  });

// ---- the emulator behind a counting proxy ------------------------------------------------------------------------
// The emulator runs in its own process, as Stripe runs on its own machines: its work (invoices, previews) must not
// be counted as the server's.
const emulator = await startEmulatorProcess();
const stripeCalls = { list: [], upstreamMs: 0 };
const proxy = await listen((incoming, outgoing) => {
  const started = performance.now();
  stripeCalls.list.push(`${incoming.method} ${(incoming.url ?? '').split('?')[0]}`);
  const forward = httpRequest(
    {
      host: '127.0.0.1',
      port: emulator.port,
      method: incoming.method,
      path: incoming.url,
      headers: incoming.headers,
    },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
      answer.on('end', () => {
        stripeCalls.upstreamMs += performance.now() - started;
      });
    },
  );
  forward.on('error', () => outgoing.destroy());
  incoming.pipe(forward);
});
const direct = new Stripe('sk_test_bench', { ...emulator.stripeOptions });
const counted = new Stripe('sk_test_bench', {
  host: '127.0.0.1',
  port: proxy.address().port,
  protocol: 'http',
});
const resetCalls = () => {
  stripeCalls.list = [];
  stripeCalls.upstreamMs = 0;
};

// ---- a catalog and paid subscriptions to send events about ---------------------------------------------------------
const product = await direct.products.create({ name: 'Starter' });
const monthly = await direct.prices.create({
  product: product.id,
  currency: 'usd',
  unit_amount: 1000,
  recurring: { interval: 'month' },
});
await direct.prices.create({
  product: product.id,
  currency: 'usd',
  unit_amount: 10000,
  recurring: { interval: 'year' },
});
const team = await direct.products.create({ name: 'Team' });
const teamMonthly = await direct.prices.create({
  product: team.id,
  currency: 'usd',
  unit_amount: 1500,
  recurring: { interval: 'month' },
});
const catalog = {
  plans: [
    { productId: product.id, entitlements: ['projects'] },
    { productId: team.id, perSeat: true },
  ],
};

async function paidSubscription() {
  const customer = await direct.customers.create({ email: `${crypto.randomUUID()}@bench.example` });
  const subscription = await direct.subscriptions.create({
    customer: customer.id,
    items: [{ price: monthly.id }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret'],
  });
  const secret = subscription.latest_invoice.confirmation_secret.client_secret;
  await direct.paymentIntents.confirm(secret.split('_secret_')[0], { payment_method: 'pm_card_visa' });
  return { customerId: customer.id, subscriptionId: subscription.id };
}
const subscriptions = [];
for (let index = 0; index < 50; index += 1) subscriptions.push(await paidSubscription());

// ---- stores ------------------------------------------------------------------------------------------------------
/** Wraps every store method to add up the time spent in the database, per method. */
function timedStore(store) {
  const spent = {};
  const wrapped = {};
  for (const [name, method] of Object.entries(store)) {
    if (typeof method !== 'function' || name === 'close') {
      wrapped[name] = method;
      continue;
    }
    wrapped[name] = async (...args) => {
      const started = performance.now();
      try {
        return await method(...args);
      } finally {
        spent[name] = (spent[name] ?? 0) + (performance.now() - started);
      }
    };
  }
  wrapped.close = () => store.close();
  const reset = () => {
    for (const key of Object.keys(spent)) delete spent[key];
  };
  return { store: wrapped, spent, reset };
}

let postgresServer = null;
let postgresSchema = null;
async function openPostgres() {
  let url = process.env.PG_TEST_URL;
  if (!url) {
    postgresServer = await startThrowawayPostgres({ durable: true, log: () => {} });
    url = postgresServer.url;
  }
  postgresSchema = `bk_bench_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const store = await server.createPostgresStore({
    connectionString: url,
    schema: postgresSchema,
    maxConnections: 20,
  });
  return {
    store,
    durable: !process.env.PG_TEST_URL,
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${postgresSchema} cascade`);
      await client.end();
    },
  };
}

// ---- webhook deliveries --------------------------------------------------------------------------------------------
const webhookSecret = `whsec_bench_${crypto.randomUUID().replaceAll('-', '')}`;
function signedEvent(kind, index) {
  const target = subscriptions[index % subscriptions.length];
  const object =
    kind === 'subscription'
      ? { id: target.subscriptionId, object: 'subscription' }
      : { id: target.customerId, object: 'customer' };
  const payload = JSON.stringify({
    id: `evt_bench_${crypto.randomUUID().replaceAll('-', '')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    type: kind === 'subscription' ? 'customer.subscription.updated' : 'customer.created',
    livemode: false,
    data: { object },
  });
  return { payload, signature: direct.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }) };
}

async function deliverAll(url, kind, count) {
  const events = Array.from({ length: count }, (_, index) => signedEvent(kind, index));
  const latencies = [];
  const statuses = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < events.length) {
        const event = events[next++];
        const sent = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': event.signature },
          body: event.payload,
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - sent);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    events: count,
    eventsPerSecond: Math.round((count / elapsed) * 1000),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.at(-1)),
    statuses,
  };
}

async function benchStore(name, opened) {
  const timed = timedStore(opened.store);
  const billing = server.createBilling({
    stripe: counted,
    store: timed.store,
    resolveCustomer: (request) => request.headers.get('x-bench-customer'),
    catalog,
    webhookSecret,
    onError: () => {},
  });
  await billing.syncCatalog();
  const httpServer = await listen(toNodeHandler(billing.handler));
  const url = `http://127.0.0.1:${httpServer.address().port}/api/billing/webhooks`;
  await deliverAll(url, 'subscription', Math.min(200, totalEvents)); // warm-up: JIT, connections, caches

  const result = {};
  for (const kind of ['subscription', 'ledger-only']) {
    resetCalls();
    timed.reset();
    const run = await deliverAll(url, kind, totalEvents);
    const perEvent = (ms) => round(ms / totalEvents, 2);
    result[kind] = {
      ...run,
      stripeCallsPerEvent: round(stripeCalls.list.length / totalEvents, 2),
      perEventMs: {
        stripe: perEvent(stripeCalls.upstreamMs),
        store: Object.fromEntries(Object.entries(timed.spent).map(([method, ms]) => [method, perEvent(ms)])),
      },
    };
  }
  await closeServer(httpServer);
  await opened.store.close();
  await opened.cleanup?.();
  return {
    store: name,
    ...(opened.durable === undefined ? {} : { durableCommits: opened.durable }),
    ...result,
  };
}

// Signature check alone (HMAC-SHA256 of a ~400-byte event), to place it in the per-event budget.
async function verifyCost() {
  const sample = signedEvent('subscription', 0);
  const body = new TextEncoder().encode(sample.payload);
  const rounds = 2000;
  const costs = {};
  for (const [label, provider] of [
    ['node', undefined],
    ['web', Stripe.createSubtleCryptoProvider()],
  ]) {
    const started = performance.now();
    for (let index = 0; index < rounds; index += 1) {
      await direct.webhooks.constructEventAsync(body, sample.signature, webhookSecret, undefined, provider);
    }
    costs[label] = round(((performance.now() - started) / rounds) * 1000, 0);
  }
  return costs; // microseconds per event
}

// ---- Stripe calls per route --------------------------------------------------------------------------------------
async function callsPerRoute() {
  const store = await server.createPGliteStore();
  const billing = server.createBilling({
    stripe: counted,
    store,
    resolveCustomer: (request) => request.headers.get('x-bench-customer'),
    catalog,
    webhookSecret,
    onError: () => {},
  });
  await billing.syncCatalog();
  const customer = (await direct.customers.create({ email: 'routes@bench.example' })).id;
  const rows = [];
  const call = async (label, method, path, body) => {
    resetCalls();
    const response = await billing.handler(
      new Request(`http://bench.local/api/billing${path}`, {
        method,
        headers: {
          'x-bench-customer': customer,
          'idempotency-key': crypto.randomUUID(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    rows.push({
      route: `${method} ${label}`,
      status: response.status,
      stripeCalls: stripeCalls.list.length,
      calls: stripeCalls.list,
    });
    try {
      return JSON.parse(text);
    } catch {
      return null;
    }
  };
  const portal = async (when) => {
    let total = 0;
    for (const path of ['/catalog', '/subscriptions', '/payment-methods', '/invoices', '/entitlements']) {
      await call(`${path} (${when})`, 'GET', path);
      total += rows.at(-1).stripeCalls;
    }
    return total;
  };

  const portalBefore = await portal('no subscription');
  await call('/subscriptions/preview', 'POST', '/subscriptions/preview', { priceId: monthly.id });
  const started = await call('/subscriptions', 'POST', '/subscriptions', { priceId: monthly.id });
  const subscriptionId = started?.subscriptionId;
  if (started?.clientSecret?.startsWith('pi_')) {
    await direct.paymentIntents.confirm(started.clientSecret.split('_secret_')[0], {
      payment_method: 'pm_card_visa',
    });
  }
  if (subscriptionId) {
    await call('/subscriptions/:id/confirm', 'POST', `/subscriptions/${subscriptionId}/confirm`, {});
  }
  const portalAfter = await portal('subscribed');
  if (subscriptionId) {
    const preview = await call(
      '/subscriptions/:id/preview-change',
      'POST',
      `/subscriptions/${subscriptionId}/preview-change`,
      { priceId: teamMonthly.id },
    );
    // Starter monthly to Team monthly costs more each month: an upgrade, applied and charged now. Back to Starter
    // is a downgrade, scheduled for the period end (a subscription schedule), which is then cancelled.
    if (preview?.prorationDate) {
      await call('/subscriptions/:id/change (upgrade)', 'POST', `/subscriptions/${subscriptionId}/change`, {
        priceId: teamMonthly.id,
        prorationDate: preview.prorationDate,
      });
    }
    const downgrade = await call(
      '/subscriptions/:id/preview-change',
      'POST',
      `/subscriptions/${subscriptionId}/preview-change`,
      { priceId: monthly.id },
    );
    if (downgrade?.prorationDate) {
      await call('/subscriptions/:id/change (downgrade)', 'POST', `/subscriptions/${subscriptionId}/change`, {
        priceId: monthly.id,
        prorationDate: downgrade.prorationDate,
      });
      await call(
        '/subscriptions/:id/cancel-scheduled-change',
        'POST',
        `/subscriptions/${subscriptionId}/cancel-scheduled-change`,
        {},
      );
    }
    await call('/subscriptions/:id/cancel', 'POST', `/subscriptions/${subscriptionId}/cancel`, {});
    await call('/subscriptions/:id/resume', 'POST', `/subscriptions/${subscriptionId}/resume`, {});
  }
  const setup = await call('/payment-methods/setup-intent', 'POST', '/payment-methods/setup-intent', {});
  const setupIntentId = setup?.setupIntentId ?? setup?.clientSecret?.split('_secret_')[0];
  if (setupIntentId) {
    await direct.setupIntents.confirm(setupIntentId, { payment_method: 'pm_card_mastercard' });
    await call('/payment-methods/setup-intent/complete', 'POST', '/payment-methods/setup-intent/complete', {
      setupIntentId,
      makeDefault: false,
    });
  }
  const wallet = await call('/payment-methods', 'GET', '/payment-methods');
  const other = wallet?.paymentMethods?.find(
    (method) => !method.isDefault && method.id !== wallet.defaultPaymentMethodId,
  );
  if (other) {
    await call('/payment-methods/:id/default', 'POST', `/payment-methods/${other.id}/default`, {});
    const old = wallet.paymentMethods.find((method) => method.id !== other.id);
    if (old) await call('/payment-methods/:id', 'DELETE', `/payment-methods/${old.id}`);
  }
  const webhook = signedEvent('subscription', 0);
  resetCalls();
  const delivered = await billing.handler(
    new Request('http://bench.local/api/billing/webhooks', {
      method: 'POST',
      headers: { 'stripe-signature': webhook.signature },
      body: webhook.payload,
    }),
  );
  rows.push({
    route: 'POST /webhooks (subscription event)',
    status: delivered.status,
    stripeCalls: stripeCalls.list.length,
    calls: stripeCalls.list,
  });
  await store.close();
  return { portalBefore, portalAfter, rows };
}

// ---- run ---------------------------------------------------------------------------------------------------------
const started = Date.now();
const verifyMicroseconds = await verifyCost();
const stores = [];
stores.push(await benchStore('PGlite (in memory)', { store: await server.createPGliteStore() }));
try {
  stores.push(await benchStore('PostgreSQL', await openPostgres()));
} finally {
  postgresServer?.stop();
}
const routes = await callsPerRoute();
await closeServer(proxy);
await emulator.close();

const report = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  settings: {
    events: totalEvents,
    concurrency,
    transport: 'node:http + fetch keep-alive, emulator behind a counting proxy',
  },
  targets: TARGETS,
  verifyMicrosecondsPerEvent: verifyMicroseconds,
  webhooks: stores,
  stripeCallsToRenderPortal: { withoutSubscription: routes.portalBefore, subscribed: routes.portalAfter },
  stripeCallsPerRoute: routes.rows.map(({ route, status, stripeCalls: count, calls }) => ({
    route,
    status,
    stripeCalls: count,
    calls,
  })),
  wallTimeSeconds: round((Date.now() - started) / 1000),
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const resultsFile = join(root, 'bench', 'results', 'server.json');
writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
// Keep the committed copy in the repository's format, so `pnpm lint` stays clean after a run.
spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', resultsFile], {
  stdio: 'ignore',
});

console.log(
  `billing-kit server bench: ${totalEvents} events per run, ${concurrency} in flight, ${os.cpus().length} cores, Node ${process.version}`,
);
console.log(
  `signature check: ${verifyMicroseconds.node} µs (node:crypto), ${verifyMicroseconds.web} µs (Web Crypto) per event`,
);
for (const entry of stores) {
  for (const kind of ['subscription', 'ledger-only']) {
    const run = entry[kind];
    const target = entry.store.startsWith('PGlite')
      ? TARGETS.pgliteEventsPerSecond
      : TARGETS.postgresEventsPerSecond;
    const store = Object.entries(run.perEventMs.store)
      .map(([method, ms]) => `${method} ${ms}`)
      .join(', ');
    console.log(
      `${entry.store.padEnd(20)} ${kind.padEnd(13)} ${String(run.eventsPerSecond).padStart(5)} events/s (target ${target})  p50 ${run.p50Ms} ms  p99 ${run.p99Ms} ms (target ${TARGETS.p99Ms})  statuses ${JSON.stringify(run.statuses)}`,
    );
    console.log(
      `${''.padEnd(34)} per event: ${run.stripeCallsPerEvent} Stripe calls, ${run.perEventMs.stripe} ms in Stripe; store ms: ${store}`,
    );
  }
}
console.log(
  `Stripe calls to render the portal: ${routes.portalBefore} (no subscription), ${routes.portalAfter} (subscribed); target 0`,
);
for (const row of routes.rows)
  console.log(`  ${row.route.padEnd(52)} ${String(row.status).padEnd(4)} ${row.stripeCalls} Stripe call(s)`);
console.log(`wrote bench/results/server.json (${report.wallTimeSeconds} s)`);
