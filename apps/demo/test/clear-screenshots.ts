import { rm } from 'node:fs/promises';

/**
 * Vitest global setup: empties `test-results/screenshots` before a run, so the folder kept as a CI artifact holds
 * this run's screenshots only (a failure shot from an earlier run would mislead).
 */
export default async function clearScreenshots(): Promise<void> {
  await rm(new URL('../test-results/screenshots/', import.meta.url), { recursive: true, force: true });
}
