#!/usr/bin/env node
// The README's test command. Runs every suite of every workspace through turbo (packages are built first), then the
// server's soak alone, then sums the Vitest reports into one plain `N passed, N failed` line, which CI reads.
//
// Browser suites need Chromium, among them every Storybook story (packages/ui's `storybook` Vitest project). If it is
// missing, this script installs Debian's `chromium` package when it can (root with apt-get), and otherwise stops and
// says how: it never lets a browser suite skip silently.
//
// The PostgreSQL store suites need a server. Without PG_TEST_URL, this script starts a throwaway one (Debian's
// postgresql package, installed the same way when missing; a fresh cluster in a temp dir on a free port), hands its
// URL to the suites as PG_TEST_URL and removes it at the end, whatever happens.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startThrowawayPostgres } from './throwaway-postgres.mjs';

const root = new URL('..', import.meta.url).pathname;
// For bench/results/test-run.json: the whole command's wall time, Chromium and PostgreSQL set-up included.
const scriptStarted = Date.now();
// `pnpm test -- --filter=...` hands the script a literal '--': turbo must see the flag itself.
const extraArgs = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));

ensureChromium();
const postgres = await ensurePostgres();

const workspaces = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, group, entry.name, 'package.json')))
    .map((entry) => join(group, entry.name)),
);
const suites = workspaces.filter((dir) => {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  return typeof pkg.scripts?.test === 'string';
});
for (const dir of suites) rmSync(join(root, dir, 'test-results'), { recursive: true, force: true });

const started = Date.now();
const turboEnv = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  STORYBOOK_DISABLE_TELEMETRY: '1',
  ...(postgres ? { PG_TEST_URL: postgres.url } : {}),
};
/** `turbo run <task>` over every workspace (or the filtered ones), logs streamed; its exit status. */
function runTurbo(task) {
  return spawnSync('pnpm', ['exec', 'turbo', 'run', task, '--continue', '--output-logs=full', ...extraArgs], {
    cwd: root,
    stdio: 'inherit',
    env: turboEnv,
  }).status;
}
// Every suite in parallel, then the soak alone (packages/server/vitest.soak.config.ts says why).
const suitesStatus = runTurbo('test');
const soakStatus = runTurbo('test:soak');
const turboStatus = suitesStatus !== 0 ? suitesStatus : soakStatus;
postgres?.stop();

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
/** The same counts as `rows`, for bench/results/test-run.json. */
const suiteResults = [];
for (const dir of suites) {
  const reportDir = join(root, dir, 'test-results');
  const reports = existsSync(reportDir)
    ? readdirSync(reportDir).filter((name) => name.endsWith('.json'))
    : [];
  if (reports.length === 0) {
    // A suite that produced no report crashed before running (or was filtered out): count it as a failure.
    if (extraArgs.length === 0) {
      failed += 1;
      rows.push(`${dir}: no test report (the suite did not run)`);
      suiteResults.push({ suite: dir, passed: 0, failed: 1, skipped: 0, note: 'no test report' });
    }
    continue;
  }
  for (const name of reports) {
    const report = JSON.parse(readFileSync(join(reportDir, name), 'utf8'));
    // A test file that fails to load counts as a failed suite with zero failed tests: count it too.
    const brokenFiles = (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
    ).length;
    const pending = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    passed += report.numPassedTests;
    failed += report.numFailedTests + brokenFiles;
    skipped += pending;
    rows.push(
      `${dir}${name === 'vitest.json' ? '' : ` (${name})`}: ${report.numPassedTests} passed, ${report.numFailedTests + brokenFiles} failed${pending ? `, ${pending} skipped` : ''}`,
    );
    suiteResults.push({
      suite: `${dir}${name === 'vitest.json' ? '' : ` (${name})`}`,
      passed: report.numPassedTests,
      failed: report.numFailedTests + brokenFiles,
      skipped: pending,
    });
    const stories = storyCounts(report);
    if (stories)
      rows.push(
        `  of which Storybook stories in Chromium: ${stories.passed} passed, ${stories.failed} failed`,
      );
  }
}

console.log('\nTest suites:');
for (const row of rows) console.log(`  ${row}`);
console.log(`Wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (turboStatus !== 0 && failed === 0) {
  // turbo failed outside the tests (a build step, say): make sure the summary cannot read as green.
  failed += 1;
  console.log('turbo exited with an error before or after the tests: see the log above.');
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (extraArgs.length === 0) recordTestRun();
process.exit(failed > 0 || turboStatus !== 0 ? 1 : 0);

/**
 * Writes bench/results/test-run.json, the `pnpm test` wall-time figure that `pnpm bench` reports. Only for a full
 * run (no --filter or other turbo arguments), so that one package's run does not replace the whole suite's figure.
 */
function recordTestRun() {
  const cpus = os.cpus();
  const record = {
    date: new Date().toISOString(),
    command: 'pnpm test',
    wallMs: Date.now() - scriptStarted,
    suitesWallMs: Date.now() - started,
    passed,
    failed,
    skipped,
    turboExitCode: turboStatus,
    suites: suiteResults,
    machine: {
      cpus: cpus.length,
      cpu: cpus[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
  };
  try {
    mkdirSync(join(root, 'bench', 'results'), { recursive: true });
    writeFileSync(join(root, 'bench', 'results', 'test-run.json'), `${JSON.stringify(record, null, 2)}\n`);
  } catch (error) {
    // A figure is not worth failing the tests for.
    console.error(`Could not write bench/results/test-run.json: ${error.message}`);
  }
}

/**
 * The stories' share of a report (packages/ui runs every story as a browser test next to its unit tests), so the
 * summary shows how the playground fares; null when the report holds no story files.
 */
function storyCounts(report) {
  const files = (report.testResults ?? []).filter((file) => /\.stories\.[jt]sx?$/.test(file.name));
  if (files.length === 0) return null;
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    const results = file.assertionResults ?? [];
    if (file.status === 'failed' && results.length === 0) failed += 1;
    passed += results.filter((result) => result.status === 'passed').length;
    failed += results.filter((result) => result.status === 'failed').length;
  }
  return { passed, failed };
}

/** PG_TEST_URL when set; otherwise a throwaway PostgreSQL, stopped on exit and on Ctrl-C. */
async function ensurePostgres() {
  if (process.env.PG_TEST_URL) return null;
  let server;
  try {
    server = await startThrowawayPostgres();
  } catch (error) {
    console.error(`${error.message}`);
    process.exit(1);
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    server.stop();
  };
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      stop();
      process.exit(130);
    });
  }
  console.log(`PostgreSQL for the store suites: ${server.url} (throwaway, removed at the end)`);
  return { url: server.url, stop };
}

function ensureChromium() {
  const configured = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(configured)) return;
  const canApt = process.getuid?.() === 0 && spawnSync('which', ['apt-get']).status === 0;
  if (!canApt) {
    console.error(
      `Chromium was not found at ${configured}. The browser suites need it.\n` +
        '  On Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium\n' +
        '  Elsewhere: install Chromium or Chrome and set CHROMIUM_PATH to its executable.',
    );
    process.exit(1);
  }
  console.log("Chromium is missing: installing Debian's chromium package (about 40 s)...");
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit' });
  const install = spawnSync('apt-get', ['install', '-y', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (update.status !== 0 || install.status !== 0 || !existsSync(configured)) {
    console.error('Installing chromium with apt-get failed; install it by hand and run the tests again.');
    process.exit(1);
  }
}
