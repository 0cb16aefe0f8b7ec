// Kept apart from create-billing-client.ts, which imports the zod schemas through @billing-kit/core: hooks that only
// need a key should not pull the schemas into a component's bundle.

/** A fresh idempotency key for one user action. */
export function createIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
