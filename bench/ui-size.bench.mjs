#!/usr/bin/env node
// Bundle size of @billing-kit/ui as a host app pays for it: min+gzip of what Vite (Rolldown, library mode, minified)
// bundles for an import, with react, react-dom, @stripe/* and @tanstack/react-query left to the host (external).
// Everything else the kit uses is counted: @billing-kit/core (and the zod schemas the client validates with) and
// radix-ui. Measured: the whole kit, each component alone, the headless hooks alone, and for comparison
// @stripe/react-stripe-js and autumn-js/react the same way. Run after `pnpm --filter @billing-kit/ui build`:
//   node bench/ui-size.bench.mjs
// Prints a table and writes bench/results/ui-size.json. Targets (reported, not enforced): kit < 25 KB,
// PricingTable < 8 KB, hooks < 8 KB (min+gzip).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const uiDir = join(root, 'packages', 'ui');
const uiEntry = join(uiDir, 'dist', 'index.js');
const TARGETS = { kit: 25 * 1024, PricingTable: 8 * 1024, hooks: 8 * 1024 };
const HOST_PEERS = [/^react($|\/)/, /^react-dom($|\/)/, /^@stripe\//, /^@tanstack\/react-query($|\/)/];

if (!existsSync(uiEntry)) {
  console.error(
    `@billing-kit/ui is not built (${uiEntry} is missing). Run: pnpm --filter @billing-kit/ui build`,
  );
  process.exit(1);
}
const newestSource = newestMtime(join(uiDir, 'src'));
if (statSync(uiEntry).mtimeMs < newestSource) {
  console.warn(
    'warning: packages/ui/src changed after the last build; run pnpm --filter @billing-kit/ui build first.',
  );
}

// What the kit exports, read from the built entry (safe to import on Node: nothing touches window).
const kit = await import(pathToFileURL(uiEntry).href);
const exported = Object.keys(kit);
const hooks = exported.filter((name) => /^use[A-Z]/.test(name));
const components = [
  'PricingTable',
  'Checkout',
  'PlanSwitcher',
  'ProrationPreview',
  'PaymentMethodUpdater',
  'BillingPortal',
  'SubscriptionSummary',
  'PastDueBanner',
  'InvoiceHistory',
  'CancelSubscription',
  'Entitled',
].filter((name) => exported.includes(name));

const work = mkdtempSync(join(os.tmpdir(), 'billing-kit-ui-size-'));
const rows = [];
try {
  rows.push(await measure('whole kit', `export * from ${JSON.stringify(uiEntry)};`, { target: TARGETS.kit }));
  // Where the weight is: the same bundle with zod (the client's response validation) left out.
  rows.push(
    await measure('whole kit, zod not counted', `export * from ${JSON.stringify(uiEntry)};`, {
      extraExternal: /^zod($|\/)/,
    }),
  );
  rows.push(
    await measure(
      'BillingProvider + createBillingClient',
      `export { BillingProvider, createBillingClient } from ${JSON.stringify(uiEntry)};`,
    ),
  );
  for (const name of components) {
    rows.push(
      await measure(name, `export { ${name} } from ${JSON.stringify(uiEntry)};`, {
        target: TARGETS[name],
      }),
    );
  }
  rows.push(
    await measure(
      `headless hooks (${hooks.length}) + provider + client`,
      `export { ${[...hooks, 'BillingProvider', 'createBillingClient'].join(', ')} } from ${JSON.stringify(uiEntry)};`,
      { target: TARGETS.hooks },
    ),
  );
  const reactStripe = resolveEsm(uiDir, '@stripe/react-stripe-js');
  rows.push(
    await measure('@stripe/react-stripe-js (comparison)', `export * from ${JSON.stringify(reactStripe)};`, {
      measuredPackage: '@stripe/react-stripe-js',
    }),
  );
  const autumn = tryResolveEsm(root, 'autumn-js', 'react');
  rows.push(
    autumn
      ? await measure('autumn-js/react (comparison)', `export * from ${JSON.stringify(autumn)};`)
      : {
          name: 'autumn-js/react (comparison)',
          error: 'autumn-js is not installed at the repo root (pnpm add -Dw autumn-js@<version>)',
        },
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}

printTable(rows);
const resultsDir = join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, 'ui-size.json'),
  `${JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      node: process.version,
      bundler: 'vite (rolldown) library mode, minify: true, gzip level 9',
      external: 'react, react-dom, @stripe/*, @tanstack/react-query',
      autumnJsVersion: readVersion(root, 'autumn-js'),
      reactStripeJsVersion: readVersion(uiDir, '@stripe/react-stripe-js'),
      targets: TARGETS,
      rows,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nwrote bench/results/ui-size.json`);

/** Bundles `source` (an entry module) and returns its minified and min+gzip sizes and its largest inputs. */
async function measure(name, source, { target, measuredPackage, extraExternal } = {}) {
  const entry = join(work, `${rows.length}.mjs`);
  writeFileSync(entry, `${source}\n`);
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: work,
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['es'], fileName: 'bundle' },
      rollupOptions: {
        external: (id) =>
          (extraExternal?.test(id) ?? false) ||
          (!(measuredPackage && id.startsWith(measuredPackage)) &&
            HOST_PEERS.some((pattern) => pattern.test(id))),
        onwarn: () => {},
      },
    },
  });
  const chunks = (Array.isArray(result) ? result : [result])
    .flatMap((item) => item.output)
    .filter((output) => output.type === 'chunk');
  const code = chunks.map((chunk) => chunk.code).join('\n');
  const byPackage = new Map();
  for (const chunk of chunks) {
    for (const [id, info] of Object.entries(chunk.modules)) {
      const key = packageOf(id);
      byPackage.set(key, (byPackage.get(key) ?? 0) + info.renderedLength);
    }
  }
  const minBytes = Buffer.byteLength(code);
  const gzipBytes = gzipSync(code, { level: 9 }).length;
  return {
    name,
    minBytes,
    gzipBytes,
    ...(target ? { targetGzipBytes: target, withinTarget: gzipBytes < target } : {}),
    // Unminified rendered bytes per package, to see where the size comes from.
    renderedByPackage: Object.fromEntries([...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 6)),
  };
}

function packageOf(id) {
  if (id.startsWith(join(uiDir, 'dist'))) return '@billing-kit/ui';
  const match = id.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  return match?.[1] ?? 'other';
}

function resolveEsm(fromDir, packageName, subpath = '.') {
  const packageDir = findPackageDir(fromDir, packageName);
  if (!packageDir) throw new Error(`${packageName} is not installed under ${fromDir}.`);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const key = subpath === '.' ? '.' : `./${subpath}`;
  const target = manifest.exports?.[key];
  const file =
    typeof target === 'string'
      ? target
      : (target?.import ?? target?.default ?? (key === '.' ? manifest.module : null));
  if (!file) throw new Error(`${packageName}${key === '.' ? '' : `/${subpath}`} has no ESM entry.`);
  return join(packageDir, typeof file === 'string' ? file : (file.default ?? file.import));
}

function tryResolveEsm(fromDir, packageName, subpath) {
  try {
    return resolveEsm(fromDir, packageName, subpath);
  } catch {
    return null;
  }
}

function findPackageDir(fromDir, packageName) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', packageName);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

function readVersion(fromDir, packageName) {
  const packageDir = findPackageDir(fromDir, packageName);
  return packageDir ? JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version : null;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirRecursive(dir)) newest = Math.max(newest, statSync(entry).mtimeMs);
  return newest;
}

function readdirRecursive(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return readdirRecursive(path);
    return /\.tsx?$/.test(entry.name) && !/\.(test|stories)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function printTable(results) {
  const header = ['bundle', 'min', 'min+gzip', 'target', ''];
  const lines = results.map((row) =>
    row.error
      ? [row.name, '-', '-', '-', row.error]
      : [
          row.name,
          kb(row.minBytes),
          kb(row.gzipBytes),
          row.targetGzipBytes ? `< ${kb(row.targetGzipBytes)}` : '',
          row.targetGzipBytes ? (row.withinTarget ? 'ok' : 'OVER') : '',
        ],
  );
  const widths = header.map((_, column) =>
    Math.max(...[header, ...lines].map((line) => String(line[column]).length)),
  );
  const format = (line) =>
    line
      .map((cell, column) =>
        column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]),
      )
      .join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
  const kitRow = results.find((row) => row.name === 'whole kit');
  if (kitRow?.renderedByPackage) {
    console.log('\nwhole kit, unminified bytes by package:');
    for (const [name, bytes] of Object.entries(kitRow.renderedByPackage))
      console.log(`  ${name.padEnd(28)} ${kb(bytes)}`);
  }
}
