#!/usr/bin/env node
// `pnpm bench`: every benchmark of the repository, one after the other, each in its own process (so one bench's
// heap, timers and JIT do not colour the next), then one table of every figure, and bench/results/summary.json: a
// flat list of the figures (name, value, unit, target, within target, command) that the next run compares itself to.
// A figure more than 10% worse than in the previous summary is marked, so a regression is easy to see.
//
//   pnpm bench                       build what the benches need (turbo), then run them all (about 5 minutes)
//   pnpm bench -- --quick            smaller settings, for development (about 1-2 minutes; figures are noisier)
//   pnpm bench -- --run-tests        also rerun `pnpm test` (about 9 minutes) for its wall time; without it the
//                                    figure is the last full `pnpm test` run's (bench/results/test-run.json)
//   pnpm bench -- --only demo-start,ui-size   some benches only (the summary keeps the others' previous figures)
//
// Each bench keeps its own JSON in bench/results/ (emulator.json, server.json, ui-size.json, demo-start.json;
// test-run.json is written by scripts/test.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'bench', 'results');
const summaryFile = join(resultsDir, 'summary.json');
/** A figure this much worse than in the previous summary is marked as a regression. */
const REGRESSION_RATIO = 0.1;
/** Defaults of a figure: `better` says which way is an improvement ('lower', 'higher', or null: not compared). */
const figureDefaults = { unit: '', target: null, better: 'lower', note: null };

/**
 * Every bench: how to run it (full and --quick settings), its JSON copy, and how to read its figures from that copy.
 * Settings are passed on the command line, so each figure's `command` reproduces it exactly.
 */
const BENCHES = [
  {
    id: 'emulator',
    script: 'bench/emulator.bench.mjs',
    args: { full: [], quick: ['--cycles', '200', '--starts', '3'] },
    json: 'emulator.json',
    figures: emulatorFigures,
  },
  {
    id: 'server-webhooks',
    script: 'bench/server-webhooks.bench.mjs',
    args: { full: [], quick: ['--events', '200', '--concurrency', '20'] },
    json: 'server.json',
    figures: serverFigures,
  },
  {
    id: 'ui-size',
    script: 'bench/ui-size.bench.mjs',
    args: { full: [], quick: [] },
    json: 'ui-size.json',
    figures: uiSizeFigures,
  },
  {
    id: 'demo-start',
    script: 'bench/demo-start.bench.mjs',
    args: { full: ['--runs', '5'], quick: ['--runs', '2'] },
    json: 'demo-start.json',
    figures: demoStartFigures,
  },
  {
    id: 'test-run',
    // Not rerun unless asked: `pnpm test` takes about 9 minutes. scripts/test.mjs writes the JSON at its end.
    script: 'scripts/test.mjs',
    onlyWith: 'run-tests',
    args: { full: [], quick: [] },
    json: 'test-run.json',
    figures: testRunFigures,
  },
];

// `pnpm bench -- --quick` hands the script a literal '--' first.
const argv = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
let options;
try {
  options = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      'run-tests': { type: 'boolean', default: false },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (error) {
  console.error(`${error.message}\nUsage: pnpm bench [-- --quick] [--run-tests] [--only <id,id>]`);
  process.exit(2);
}
if (options.help) {
  console.log(
    `Usage: pnpm bench [-- --quick] [--run-tests] [--only <id,id>]\nbenches: ${BENCHES.map((bench) => bench.id).join(', ')}`,
  );
  process.exit(0);
}
const only = options.only?.split(',').map((id) => id.trim());
const unknown = only?.filter((id) => !BENCHES.some((bench) => bench.id === id)) ?? [];
if (unknown.length > 0) {
  console.error(`Unknown bench ${unknown.join(', ')}; known: ${BENCHES.map((bench) => bench.id).join(', ')}`);
  process.exit(2);
}
const mode = options.quick ? 'quick' : 'full';
const previous = readJson(summaryFile);

// ---- run ---------------------------------------------------------------------------------------------------------
const runs = [];
const figures = [];
for (const bench of BENCHES) {
  const selected = !only || only.includes(bench.id);
  const args = bench.args[mode];
  const command = commandOf(bench, args);
  const shouldRun = selected && (!bench.onlyWith || options[bench.onlyWith]);
  if (shouldRun) {
    console.log(`\n=== ${bench.id}: ${command} ===`);
    const started = performance.now();
    const child = spawnSync(process.execPath, [join(root, bench.script), ...args], {
      cwd: root,
      stdio: 'inherit',
    });
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    // scripts/test.mjs exits 1 when a test fails yet still records the run: its figures say so themselves.
    const ok = child.status === 0 || (bench.id === 'test-run' && existsSync(join(resultsDir, bench.json)));
    runs.push({ bench: bench.id, command, exitCode: child.status, seconds });
    if (!ok) {
      console.error(`\n${bench.id} failed (exit ${child.status ?? child.signal}): its figures are left out.`);
      continue;
    }
  } else if (!selected) {
    continue; // --only: its figures are kept from the previous summary below.
  }
  // Run now, or (`pnpm test` without --run-tests) its last recorded figures.
  const data = readJson(join(resultsDir, bench.json));
  if (!data) {
    if (shouldRun)
      console.error(`${bench.id} wrote no bench/results/${bench.json}: its figures are left out.`);
    else if (bench.id === 'test-run')
      console.log('\nNo bench/results/test-run.json yet: run `pnpm test` (or pnpm bench -- --run-tests).');
    continue;
  }
  const base = {
    bench: bench.id,
    command,
    measuredAt: data.measuredAt ?? data.date ?? null,
    rerun: shouldRun,
  };
  for (const figure of bench.figures(data)) figures.push({ ...figureDefaults, ...figure, ...base });
}
for (const figure of figures) {
  figure.withinTarget = withinTarget(figure);
}

// Figures of benches that were not selected (--only) are kept from the previous summary, so it stays complete.
if (only && previous?.figures) {
  for (const old of previous.figures) {
    if (!only.includes(old.bench) && !figures.some((figure) => figure.name === old.name)) {
      const { previous: _previous, worseBy10Percent: _worse, ...kept } = old;
      figures.push({ ...kept, rerun: false, kept: true });
    }
  }
  const order = BENCHES.map((bench) => bench.id);
  figures.sort((a, b) => order.indexOf(a.bench) - order.indexOf(b.bench)); // stable: each bench's order is kept
}

// ---- compare with the previous summary ------------------------------------------------------------------------------
const comparable = previous && previous.mode === mode;
const previousByName = new Map((previous?.figures ?? []).map((figure) => [figure.name, figure]));
for (const figure of figures) {
  const before = previousByName.get(figure.name);
  // A figure not measured again (kept, or the last `pnpm test`) is only compared when it is a new measurement.
  if (!before || typeof before.value !== 'number') continue;
  if (figure.rerun === false && before.measuredAt === figure.measuredAt) continue;
  figure.previous = before.value;
  figure.worse = comparable && isWorse(figure, before.value);
}

const summary = {
  date: new Date().toISOString(),
  mode,
  command: `pnpm bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
  machine: machine(),
  runs,
  figures: figures.map(({ rerun: _rerun, kept: _kept, worse, previous: before, ...figure }) => ({
    ...figure,
    ...(before === undefined ? {} : { previous: before, worseBy10Percent: Boolean(worse) }),
  })),
};
writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
// Keep the committed copies in the repository's format, so `pnpm lint` stays clean after a run.
spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', resultsDir], {
  stdio: 'ignore',
});

printTable();
const failedRuns = runs.filter(
  (run) =>
    run.exitCode !== 0 &&
    !(run.bench === 'test-run' && existsSync(join(resultsDir, 'test-run.json')) && run.exitCode === 1),
);
const regressions = figures.filter((figure) => figure.worse);
console.log(
  `\n${figures.length} figures; ${figures.filter((figure) => figure.withinTarget === false).length} miss their target; ` +
    `${regressions.length} worse than the previous summary by more than ${REGRESSION_RATIO * 100}%` +
    `${previous && !comparable ? ` (not compared: the previous summary was a ${previous.mode} run, this one is ${mode})` : ''}` +
    `${previous ? '' : ' (no previous summary to compare with)'}.`,
);
console.log(`Machine: ${describeMachine(summary.machine)}. Wrote bench/results/summary.json.`);
if (failedRuns.length > 0) {
  console.error(`Failed: ${failedRuns.map((run) => run.bench).join(', ')} (see above).`);
  process.exitCode = 1;
}

// ---- figures of each bench ---------------------------------------------------------------------------------------

function emulatorFigures(data) {
  return [
    {
      name: 'emulator start-up, in process (median)',
      value: data.startup.inProcessMedianMs,
      unit: 'ms',
      target: data.startup.targetMs,
    },
    {
      name: 'emulator start-up, CLI process (median)',
      value: data.startup.cliProcessMedianMs,
      unit: 'ms',
      target: data.startup.targetMs,
    },
    {
      name: 'emulator lifecycle: subscription create-and-confirm cycles',
      value: data.cycles.cyclesPerSecond,
      unit: 'cycles/s',
      // 1,000 cycles in 10 s.
      target: Math.round(1000 / (data.cycles.targetMsFor1000 / 1000)),
      better: 'higher',
      note: `${data.cycles.count} cycles in ${(data.cycles.totalMs / 1000).toFixed(2)} s`,
    },
  ];
}

function serverFigures(data) {
  const list = [];
  for (const entry of data.webhooks) {
    const store = entry.store.startsWith('PGlite') ? 'PGlite' : 'PostgreSQL';
    const target =
      store === 'PGlite' ? data.targets.pgliteEventsPerSecond : data.targets.postgresEventsPerSecond;
    for (const kind of ['subscription', 'ledger-only']) {
      const run = entry[kind];
      if (!run) continue;
      const label = `webhooks, ${store}, ${kind === 'subscription' ? 'subscription events' : 'ledger-only events'}`;
      const statuses = Object.entries(run.statuses)
        .map(([status, count]) => `${count}x${status}`)
        .join(' ');
      list.push(
        {
          name: `${label}: throughput`,
          value: run.eventsPerSecond,
          unit: 'events/s',
          target,
          better: 'higher',
          note: `${data.settings.events} events, ${data.settings.concurrency} in flight; ${statuses}`,
        },
        { name: `${label}: p50 time to 2xx`, value: run.p50Ms, unit: 'ms' },
        { name: `${label}: p99 time to 2xx`, value: run.p99Ms, unit: 'ms', target: data.targets.p99Ms },
      );
      if (kind === 'subscription')
        list.push({
          name: `${label}: Stripe calls per event`,
          value: run.stripeCallsPerEvent,
          unit: 'calls',
        });
    }
  }
  list.push(
    {
      name: 'Stripe calls to render the billing portal, no subscription',
      value: data.stripeCallsToRenderPortal.withoutSubscription,
      unit: 'calls',
      target: data.targets.portalStripeCalls,
    },
    {
      name: 'Stripe calls to render the billing portal, subscribed',
      value: data.stripeCallsToRenderPortal.subscribed,
      unit: 'calls',
      target: data.targets.portalStripeCalls,
    },
  );
  // The portal's GET routes are covered by the two figures above; the rest, one figure per route call.
  const seen = new Map();
  for (const row of data.stripeCallsPerRoute) {
    if (row.route.startsWith('GET ') && row.route.includes('(')) continue;
    const count = (seen.get(row.route) ?? 0) + 1;
    seen.set(row.route, count);
    list.push({
      name: `Stripe calls: ${row.route}${count > 1 ? ` #${count}` : ''}`,
      value: row.stripeCalls,
      unit: 'calls',
      note: row.status >= 200 && row.status < 300 ? null : `answered ${row.status}`,
    });
  }
  return list;
}

function uiSizeFigures(data) {
  return data.rows
    .filter((row) => !row.error)
    .map((row) => ({
      name: `UI min+gzip: ${row.name}`,
      value: Math.round((row.gzipBytes / 1024) * 10) / 10,
      unit: 'KB',
      target: row.targetGzipBytes ? Math.round((row.targetGzipBytes / 1024) * 10) / 10 : null,
      note: row.name.includes('comparison') ? 'for comparison, not part of the kit' : null,
    }));
}

function demoStartFigures(data) {
  const note = `${data.runs} runs, from the spawn of ${data.command}; stopped ${data.stop.allClean ? 'cleanly' : 'NOT cleanly'}`;
  return [
    {
      name: 'demo cold start: pricing page first 200 (median)',
      value: data.pricingPage.medianMs,
      unit: 'ms',
      note,
    },
    { name: 'demo cold start: pricing page first 200 (max)', value: data.pricingPage.maxMs, unit: 'ms' },
    { name: 'demo cold start: catalog API first 200 (median)', value: data.catalogApi.medianMs, unit: 'ms' },
    { name: 'demo cold start: catalog API first 200 (max)', value: data.catalogApi.maxMs, unit: 'ms' },
  ];
}

function testRunFigures(data) {
  const note = `measured ${data.date.slice(0, 10)} on ${describeMachine(data.machine)}`;
  return [
    {
      name: '`pnpm test` wall time',
      value: Math.round(data.wallMs / 100) / 10,
      unit: 's',
      // The README's target for the test command in CI.
      target: 15 * 60,
      note,
    },
    { name: '`pnpm test` tests passed', value: data.passed, unit: 'tests', better: null },
    { name: '`pnpm test` tests failed', value: data.failed, unit: 'tests', target: 0 },
  ];
}

// ---- helpers -----------------------------------------------------------------------------------------------------
function commandOf(bench, args) {
  if (bench.id === 'test-run') return 'pnpm test';
  return ['node', bench.script, ...args].join(' ');
}

/** Targets are upper bounds, except for figures where higher is better, whose target is a floor. */
function withinTarget(figure) {
  if (figure.target === null || typeof figure.value !== 'number') return null;
  return figure.better === 'higher' ? figure.value >= figure.target : figure.value <= figure.target;
}

function isWorse(figure, before) {
  if (figure.better === 'lower')
    return before === 0 ? figure.value > 0 : figure.value > before * (1 + REGRESSION_RATIO);
  if (figure.better === 'higher') return figure.value < before * (1 - REGRESSION_RATIO);
  return false;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function machine() {
  const cpus = os.cpus();
  let system = `${os.platform()} ${os.arch()}`;
  const release = readFileSyncOrNull('/etc/os-release');
  const pretty = release && /^PRETTY_NAME="?([^"\n]+)"?/m.exec(release);
  if (pretty) system = pretty[1];
  return {
    cpus: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: system,
  };
}

function readFileSyncOrNull(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function describeMachine(value) {
  if (!value) return 'unknown machine';
  return [
    `${value.cpus} cores`,
    value.cpu,
    value.memoryGiB ? `${value.memoryGiB} GiB` : null,
    `Node ${value.node}`,
    value.os,
  ]
    .filter(Boolean)
    .join(', ');
}

function formatValue(value, unit) {
  if (typeof value !== 'number') return '-';
  const text = value.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return unit ? `${text} ${unit}` : text;
}

function printTable() {
  const header = ['figure', 'value', 'target', '', 'previous', 'change'];
  const lines = figures.map((figure) => {
    let change = '';
    if (typeof figure.previous === 'number') {
      const delta = figure.value - figure.previous;
      change =
        figure.previous === 0
          ? delta === 0
            ? '='
            : `+${formatValue(delta)}`
          : `${delta >= 0 ? '+' : ''}${((delta / figure.previous) * 100).toFixed(0)}%`;
      if (figure.worse) change += '  WORSE';
    }
    return [
      `${figure.kept ? '(kept) ' : figure.rerun === false ? '(last run) ' : ''}${figure.name}`,
      formatValue(figure.value, figure.unit),
      figure.target === null
        ? ''
        : `${figure.better === 'higher' ? '>=' : '<='} ${formatValue(figure.target)}`,
      figure.withinTarget === null ? '' : figure.withinTarget ? 'ok' : 'MISSED',
      typeof figure.previous === 'number' ? formatValue(figure.previous) : '',
      change,
    ];
  });
  const widths = header.map((_, column) =>
    Math.max(...[header, ...lines].map((line) => String(line[column]).length)),
  );
  const format = (line) =>
    line
      .map((cell, column) =>
        column === 0 || column === 3
          ? String(cell).padEnd(widths[column])
          : String(cell).padStart(widths[column]),
      )
      .join('  ')
      .trimEnd();
  console.log(`\n=== Figures (${mode} run, ${summary.date}) ===`);
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
  const notes = figures.filter((figure) => figure.note);
  if (notes.length > 0) {
    console.log('\nNotes:');
    for (const figure of notes) console.log(`  ${figure.name}: ${figure.note}`);
  }
  console.log('\nCommands:');
  for (const command of new Set(figures.map((figure) => figure.command))) console.log(`  ${command}`);
}
