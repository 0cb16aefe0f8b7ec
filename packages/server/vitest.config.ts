import { defineConfig } from 'vitest/config';

/** The soak has its own config (vitest.soak.config.ts) and its own turn in `pnpm test`: see there. */
export const SOAK_TEST = 'src/proofs/soak.test.ts';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    exclude: [SOAK_TEST, '**/node_modules/**'],
    // PGlite starts in about 2-5 s on two cores; journeys add emulator round trips and webhook deliveries.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
