import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Each journey file starts its own emulator, server and browser; a journey takes 10-25 s on 2 cores, and its
    // steps wait on events (responses, text), never on sleeps.
    testTimeout: 150_000,
    hookTimeout: 60_000,
    // One file at a time: on 2 cores two demos and two Chromiums in parallel were slower, not faster.
    fileParallelism: false,
    globalSetup: ['test/clear-screenshots.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
