#!/usr/bin/env node
// Benchmark of @billing-kit/stripe-emulator: start-up time and 1,000 subscription create-and-confirm cycles
// through the official SDK over HTTP. Run after `pnpm --filter @billing-kit/stripe-emulator build`:
//   node bench/emulator.bench.mjs [--cycles 1000] [--starts 7]
// Prints the figures and writes a JSON copy to bench/results/emulator.json. Targets (not asserted anywhere):
// start-up under 300 ms, 1,000 cycles under 10 s.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = join(root, 'packages', 'stripe-emulator');
const distEntry = join(packageDir, 'dist', 'index.js');
const cliEntry = join(packageDir, 'bin', 'billing-kit-stripe-emulator.js');
const TARGETS = { startupMs: 300, cyclesMs: 10_000 };

const { values } = parseArgs({
  options: { cycles: { type: 'string', default: '1000' }, starts: { type: 'string', default: '7' } },
});
const cycles = Number(values.cycles);
const starts = Number(values.starts);
if (!Number.isInteger(cycles) || cycles < 1 || !Number.isInteger(starts) || starts < 1) {
  console.error(
    'Usage: node bench/emulator.bench.mjs [--cycles <positive integer>] [--starts <positive integer>]',
  );
  process.exit(2);
}
if (!existsSync(distEntry)) {
  console.error(
    `The emulator is not built (${distEntry} is missing). Run: pnpm --filter @billing-kit/stripe-emulator build`,
  );
  process.exit(1);
}

const { startStripeEmulator } = await import(pathToFileURL(distEntry).href);
// stripe is a dependency of the emulator package, not of the repo root: resolve it from there.
const stripeModule = await import(
  pathToFileURL(createRequire(join(packageDir, 'package.json')).resolve('stripe')).href
);
const Stripe = stripeModule.default?.default ?? stripeModule.default ?? stripeModule.Stripe;

const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (ms) => Math.round(ms * 10) / 10;

/** In-process: `startStripeEmulator({ port: 0 })` until it listens. */
async function inProcessStart() {
  const started = performance.now();
  const emulator = await startStripeEmulator({ port: 0 });
  const elapsed = performance.now() - started;
  await emulator.close();
  return elapsed;
}

/** Cold process: spawning the CLI until it prints that it listens (Node's own boot included). */
function cliStart() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cliEntry, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('listening on')) {
        const elapsed = performance.now() - started;
        child.once('exit', () => resolve(elapsed));
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => {
      if (!output.includes('listening on')) reject(new Error(`The CLI exited with ${code}: ${output}`));
    });
  });
}

const inProcess = [];
const cold = [];
for (let index = 0; index < starts; index += 1) {
  inProcess.push(await inProcessStart());
  cold.push(await cliStart());
}

const emulator = await startStripeEmulator({ port: 0 });
const stripe = new Stripe('sk_test_bench', { ...emulator.stripeOptions, maxNetworkRetries: 0 });
const product = await stripe.products.create({ name: 'Bench plan' });
const price = await stripe.prices.create({
  product: product.id,
  currency: 'usd',
  unit_amount: 1500,
  recurring: { interval: 'month' },
});
const customers = [];
for (let index = 0; index < cycles; index += 1) {
  customers.push((await stripe.customers.create({ email: `bench${index}@example.com` })).id);
}

const cyclesStarted = performance.now();
for (const customer of customers) {
  const subscription = await stripe.subscriptions.create({
    customer,
    items: [{ price: price.id }],
    payment_behavior: 'default_incomplete',
    payment_settings: { save_default_payment_method: 'on_subscription' },
    expand: ['latest_invoice.confirmation_secret'],
  });
  const clientSecret = subscription.latest_invoice.confirmation_secret.client_secret;
  const intent = await stripe.paymentIntents.confirm(clientSecret.split('_secret_')[0], {
    payment_method: 'pm_card_visa',
  });
  if (intent.status !== 'succeeded')
    throw new Error(`Cycle failed: PaymentIntent ${intent.id} is ${intent.status}`);
}
const cyclesMs = performance.now() - cyclesStarted;
const last = await stripe.subscriptions.list({ customer: customers.at(-1), limit: 1 });
if (last.data[0]?.status !== 'active')
  throw new Error('The last subscription is not active: the cycles did not work.');
await emulator.close();

const results = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  startup: {
    starts,
    inProcessMedianMs: round(median(inProcess)),
    cliProcessMedianMs: round(median(cold)),
    targetMs: TARGETS.startupMs,
  },
  cycles: {
    count: cycles,
    totalMs: round(cyclesMs),
    perCycleMs: round(cyclesMs / cycles),
    cyclesPerSecond: Math.round((cycles / cyclesMs) * 1000 * 10) / 10,
    targetMsFor1000: TARGETS.cyclesMs,
  },
};

const verdict = (value, target) => (value <= target ? 'within target' : 'OVER target');
console.log('Stripe emulator benchmark');
console.log(
  `  start-up, in process (median of ${starts}): ${results.startup.inProcessMedianMs} ms ` +
    `(${verdict(results.startup.inProcessMedianMs, TARGETS.startupMs)} of ${TARGETS.startupMs} ms)`,
);
console.log(
  `  start-up, CLI process (median of ${starts}): ${results.startup.cliProcessMedianMs} ms ` +
    `(${verdict(results.startup.cliProcessMedianMs, TARGETS.startupMs)} of ${TARGETS.startupMs} ms)`,
);
const scaledTarget = (TARGETS.cyclesMs * cycles) / 1000;
console.log(
  `  ${cycles} subscription create-and-confirm cycles: ${(cyclesMs / 1000).toFixed(2)} s, ` +
    `${results.cycles.cyclesPerSecond} cycles/s (${verdict(cyclesMs, scaledTarget)} of ${(scaledTarget / 1000).toFixed(1)} s)`,
);

const resultsDir = join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'emulator.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`  JSON copy: ${join('bench', 'results', 'emulator.json')}`);
