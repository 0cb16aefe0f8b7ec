#!/usr/bin/env node
// Cold start of the demo: what someone who just typed `pnpm demo` waits for once the build is done. Each run spawns
// the built server entry exactly as `pnpm demo` does (`node apps/demo/dist/server/main.js --port <free port>`) and
// times, from the spawn, the first 200 of the pricing page (`GET /`, the app's HTML) and of the catalog API
// (`GET /api/billing/catalog`, which answers 503 until the emulator, the seed and PGlite are ready: what the pricing
// table waits for). Then it stops the demo with SIGTERM, as Ctrl-C does, and checks that it exits cleanly.
// Run after `pnpm --filter @billing-kit/demo... build` (or `pnpm build`):
//   node bench/demo-start.bench.mjs [--runs 5]
// Prints the median and max of the runs and writes bench/results/demo-start.json. No target: the issue sets none.
//
// Port and data directory: the demo takes its port from `--port` (or PORT), and keeps its PGlite mirror in the fixed
// directory apps/demo/.demo-data/, which it wipes at every start; so each run starts on a fresh data directory, and
// this bench refuses to run while a `pnpm demo` of this checkout is running (its mirror would be wiped under it).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mainEntry = join(root, 'apps', 'demo', 'dist', 'server', 'main.js');
/** A start that takes longer than this is a failure, not a figure. */
const GIVE_UP_MS = 120_000;
/** How long a stopped demo may take to exit before it counts as not clean (and is killed). */
const STOP_TIMEOUT_MS = 15_000;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('Usage: node bench/demo-start.bench.mjs [--runs <positive integer>]');
  process.exit(2);
}
if (!existsSync(mainEntry) || !existsSync(join(root, 'apps', 'demo', 'dist', 'client', 'index.html'))) {
  console.error(
    'The demo is not built (apps/demo/dist is missing). Run: pnpm build (or pnpm bench, which builds first)',
  );
  process.exit(1);
}
const running = runningDemos();
if (running.length > 0) {
  console.error(
    `A demo of this checkout is running (pid ${running.join(', ')}): this bench would wipe its data directory ` +
      '(apps/demo/.demo-data/). Stop it (Ctrl-C) and run the bench again.',
  );
  process.exit(1);
}

const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (ms) => Math.round(ms);

const samples = [];
for (let index = 0; index < runs; index += 1) {
  const sample = await coldStart();
  samples.push(sample);
  console.log(
    `  run ${index + 1}/${runs}: pricing page ${sample.pricingPageMs} ms, catalog API ${sample.catalogMs} ms` +
      `${sample.reportedReadyMs === null ? '' : ` (the demo says "ready in ${sample.reportedReadyMs} ms")`}, ` +
      `stopped ${sample.cleanExit ? 'cleanly' : 'NOT cleanly'} in ${sample.stopMs} ms`,
  );
}

const summarise = (key) => ({
  medianMs: round(median(samples.map((sample) => sample[key]))),
  maxMs: Math.max(...samples.map((sample) => sample[key])),
});
const results = {
  measuredAt: new Date().toISOString(),
  machine: machine(),
  command: 'node apps/demo/dist/server/main.js --port <free port>',
  runs,
  pricingPage: summarise('pricingPageMs'),
  catalogApi: summarise('catalogMs'),
  stop: { ...summarise('stopMs'), allClean: samples.every((sample) => sample.cleanExit) },
  samples,
};

console.log(`Demo cold start (${runs} run${runs === 1 ? '' : 's'}, from spawn; median / max)`);
console.log(
  `  pricing page (GET /) first 200: ${results.pricingPage.medianMs} / ${results.pricingPage.maxMs} ms`,
);
console.log(
  `  catalog API (GET /api/billing/catalog) first 200: ${results.catalogApi.medianMs} / ${results.catalogApi.maxMs} ms`,
);
console.log(
  `  stop (SIGTERM to exit): ${results.stop.medianMs} / ${results.stop.maxMs} ms, ` +
    `${results.stop.allClean ? 'every run exited cleanly' : 'SOME RUNS DID NOT EXIT CLEANLY'}`,
);
const resultsDir = join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(join(resultsDir, 'demo-start.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`  JSON copy: ${join('bench', 'results', 'demo-start.json')}`);
if (!results.stop.allClean) process.exitCode = 1;

/** One cold start: spawn, poll both URLs until each answers 200, then stop the demo and wait for its exit. */
async function coldStart() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [mainEntry, '--port', String(port)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: withoutStripeKeys(process.env),
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let exitedEarly = null;
  exited.then((status) => {
    exitedEarly = status;
  });

  /** Polls `path` until it answers 200; resolves to the ms since the spawn. */
  const firstOk = async (path) => {
    while (performance.now() - started < GIVE_UP_MS) {
      if (exitedEarly)
        throw new Error(`The demo exited (${JSON.stringify(exitedEarly)}) while starting:\n${output}`);
      try {
        const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        if (response.status === 200) return round(performance.now() - started);
      } catch {
        // Not listening yet (connection refused) or busy: try again.
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${path} did not answer 200 within ${GIVE_UP_MS / 1000} s:\n${output}`);
  };

  let pricingPageMs;
  let catalogMs;
  try {
    [pricingPageMs, catalogMs] = await Promise.all([firstOk('/'), firstOk('/api/billing/catalog')]);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  const ready = /ready in (\d+) ms/.exec(output);

  const stopping = performance.now();
  child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), STOP_TIMEOUT_MS);
  });
  let status = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (status === null) {
    child.kill('SIGKILL');
    status = { ...(await exited), killed: true };
  }
  const stopMs = round(performance.now() - stopping);
  return {
    pricingPageMs,
    catalogMs,
    reportedReadyMs: ready ? Number(ready[1]) : null,
    stopMs,
    cleanExit: status.code === 0 && !status.killed && output.includes('Demo stopped.'),
  };
}

/** A port nobody listens on right now (the demo needs it before it prints its URL, to poll from the spawn). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** The offline demo: with the three Stripe variables set it would talk to Stripe test mode instead. */
function withoutStripeKeys(env) {
  const copy = { ...env };
  for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_PUBLISHABLE_KEY', 'STRIPE_WEBHOOK_SECRET', 'PORT'])
    delete copy[name];
  return copy;
}

/** Pids of running demos of this checkout (Linux /proc; elsewhere none are detected). */
function runningDemos() {
  if (!existsSync('/proc')) return [];
  const pids = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (args.some((arg) => arg.endsWith('main.js') && resolve(cwd, arg) === mainEntry)) pids.push(pid);
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
  return pids;
}

function machine() {
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}
