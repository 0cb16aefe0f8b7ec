import { defineConfig } from 'vitest/config';
import { SOAK_TEST } from './vitest.config.js';

// The soak (`pnpm --filter @billing-kit/server test:soak`). `pnpm test` runs it after every other suite, alone on the
// machine: it measures how the kit behaves under injected faults, and sharing two cores with the browser suites
// would add a load nobody chose and make its run time unpredictable. Its report is its own row in the summary.
export default defineConfig({
  test: {
    environment: 'node',
    include: [SOAK_TEST],
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test-results/soak.json' }]],
  },
});
