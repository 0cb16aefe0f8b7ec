// @vitest-environment node
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageJson = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
/** Folders that hold one component each; importing one must not bring another. */
const componentFolders = [
  'billing-portal',
  'checkout',
  'entitlements',
  'payment-method-updater',
  'plan-switcher',
  'pricing-table',
];

let outDir: string;

beforeAll(() => {
  // The package as `pnpm build` emits it (tsc, one ESM file per source file), written to a temp folder with the
  // package's own package.json so its `sideEffects` applies. Transpiled file by file: the type check is the
  // typecheck script's job and would take half a minute here.
  outDir = mkdtempSync(join(tmpdir(), 'billing-kit-ui-tree-shaking-'));
  const config = ts.getParsedCommandLineOfConfigFile(
    join(packageDir, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.build.json could not be read.');
  for (const file of config.fileNames) {
    const output = ts.transpileModule(readFileSync(file, 'utf8'), {
      // The package is `"type": "module"`, so tsc's NodeNext emits ESM; transpileModule cannot see that on its own.
      compilerOptions: {
        ...config.options,
        module: ts.ModuleKind.ESNext,
        sourceMap: false,
        declaration: false,
      },
      fileName: file,
    });
    const target = join(outDir, 'dist', relative(join(packageDir, 'src'), file)).replace(/\.tsx?$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, output.outputText);
  }
  writeFileSync(join(outDir, 'package.json'), JSON.stringify({ ...packageJson, devDependencies: {} }));
});

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/**
 * Bundles `import { <names> } from '@billing-kit/ui'` (the built entry) with Vite (Rolldown) as a host app would,
 * peers and other packages external, and returns the kit modules that ended up in the output.
 */
async function bundledKitModules(names: string[]): Promise<string[]> {
  const entry = join(outDir, `entry-${names.join('-')}.js`);
  writeFileSync(entry, `export { ${names.join(', ')} } from './dist/index.js';\n`);
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: outDir,
    build: {
      write: false,
      minify: false,
      lib: { entry, formats: ['es'], fileName: 'bundle' },
      rollupOptions: { external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((item) =>
    'output' in item ? item.output : [],
  );
  const modules = new Set<string>();
  for (const chunk of outputs) {
    if (chunk.type !== 'chunk') continue;
    for (const [id, info] of Object.entries(chunk.modules)) {
      if (info.renderedLength > 0 && id.startsWith(join(outDir, 'dist'))) {
        modules.add(relative(join(outDir, 'dist'), id));
      }
    }
  }
  return [...modules].sort();
}

/** The component folders whose markup (modules that render JSX) made it into the bundle. */
function foldersWithMarkup(modules: string[]): string[] {
  return [...new Set(modules.filter(rendersMarkup).map((module) => module.split('/')[0] ?? ''))]
    .filter((folder) => componentFolders.includes(folder))
    .sort();
}

function rendersMarkup(module: string): boolean {
  return readFileSync(join(outDir, 'dist', module), 'utf8').includes('react/jsx-runtime');
}

describe('tree-shaking of the built package', () => {
  it('declares only the CSS as having side effects, and marks the entry "use client"', () => {
    expect(packageJson.sideEffects).toEqual(['**/*.css']);
    const entry = readFileSync(join(outDir, 'dist', 'index.js'), 'utf8');
    expect(entry.startsWith("'use client';") || entry.startsWith('"use client";')).toBe(true);
  });

  it.each([
    ['PricingTable', ['pricing-table']],
    ['Checkout', ['checkout']],
    ['PlanSwitcher', ['plan-switcher']],
    ['PaymentMethodUpdater', ['payment-method-updater']],
    ['Entitled', ['entitlements']],
    ['InvoiceHistory', ['billing-portal']],
    ['SubscriptionSummary', ['billing-portal']],
  ])('importing %s alone bundles no other component', async (name, folders) => {
    const modules = await bundledKitModules([name]);

    // Plain helpers shared across folders (e.g. the appearance resolver) may come along; markup may not.
    expect(foldersWithMarkup(modules)).toEqual(folders);
  });

  it('importing SubscriptionSummary leaves out the cancel dialog and the banner of the same folder', async () => {
    const modules = await bundledKitModules(['SubscriptionSummary']);

    expect(modules).toContain('billing-portal/subscription-summary.js');
    expect(modules).not.toContain('billing-portal/cancel-subscription.js');
    expect(modules).not.toContain('billing-portal/past-due-banner.js');
    expect(modules).not.toContain('billing-portal/billing-portal.js');
  });

  it('importing the headless hooks bundles no component markup', async () => {
    const modules = await bundledKitModules(['usePricingTable', 'useEntitlements', 'useInvoiceHistory']);

    expect(modules.filter(rendersMarkup)).toEqual([]);
  });

  it('importing German messages is opt-in: no component pulls them', async () => {
    expect(await bundledKitModules(['BillingPortal'])).not.toContain('i18n/de.js');
    expect(await bundledKitModules(['deMessages'])).toContain('i18n/de.js');
  });
});
