import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { configDefaults, defineConfig } from 'vitest/config';

// Storybook lives at the repository root; its stories are this package's `src/**/*.stories.tsx`.
const storybookConfigDir = fileURLToPath(new URL('../../.storybook', import.meta.url));

// Debian's Chromium (`apt-get install chromium`): Playwright's own browser downloads cannot work offline.
// CHROMIUM_PATH points elsewhere when Chromium or Chrome lives somewhere else (scripts/test.mjs checks it exists).
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Storybook's test plugin reads this too: no telemetry, even when vitest is started by hand.
process.env.STORYBOOK_DISABLE_TELEMETRY ??= '1';

export default defineConfig({
  test: {
    // One report for both projects, which the root `pnpm test` sums.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['./test/setup.ts'],
          // The checkout tests run the real server, emulator and PGlite: give them room on a 2-core machine.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // Every story is a test: it renders, runs its play function, then the a11y addon fails it on any
        // violation (`a11y.test: 'error'` in .storybook/preview.tsx).
        plugins: [storybookTest({ configDir: storybookConfigDir })],
        test: {
          name: 'storybook',
          // Docs pages (.storybook/introduction.mdx) are in Storybook's stories list but hold no stories to test.
          exclude: [...configDefaults.exclude, '**/*.mdx'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: chromiumPath,
                // What works as root in a container; Playwright adds --headless and a fresh profile itself.
                args: [
                  '--no-sandbox',
                  '--disable-gpu',
                  '--disable-quic',
                  '--no-first-run',
                  '--disable-background-networking',
                  '--disable-component-update',
                  '--disable-sync',
                ],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
