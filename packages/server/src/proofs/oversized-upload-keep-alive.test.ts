import { ApiErrorBodySchema } from '@billing-kit/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type BillingTestEnv,
  startBillingTestEnv,
  TEST_CUSTOMER_HEADER,
} from '../../test/billing-test-env.js';

/**
 * Found by the hostile-input property: through the Node adapter, a body over the limit answered 413 before it was
 * read whole left the client's upload stalled on a kept-alive connection, so about one oversized request in three
 * never got its answer. Browsers and fetch keep connections alive by default.
 */
let env: BillingTestEnv;
beforeAll(async () => {
  env = await startBillingTestEnv();
});
afterAll(async () => {
  await env?.close();
});

it('answers every oversized upload with 413 and keeps serving the next request on the connection', async () => {
  const customerId = await env.createCustomer();
  const failures: string[] = [];
  for (let attempt = 0; attempt < 24; attempt += 1) {
    const size = 70_000 + ((attempt * 7919) % 200_000);
    const bytes = new TextEncoder().encode(`{"priceId":"${'x'.repeat(size)}"}`);
    // Half with a Content-Length (refused before reading), half streamed (refused while reading).
    const body =
      attempt % 2 === 0
        ? bytes
        : new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(bytes);
              controller.close();
            },
          });
    try {
      const oversized = await fetch(`${env.apiUrl}/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TEST_CUSTOMER_HEADER]: customerId },
        body,
        duplex: 'half',
        signal: AbortSignal.timeout(5_000),
      } as RequestInit);
      expect(oversized.status).toBe(413);
      expect(ApiErrorBodySchema.parse(await oversized.json()).error.code).toBe('payload_too_large');
      const next = await fetch(`${env.apiUrl}/catalog`, { signal: AbortSignal.timeout(5_000) });
      expect(next.status).toBe(200);
      await next.text();
    } catch (error) {
      failures.push(`attempt ${attempt} (${size} bytes): ${(error as Error).message}`);
    }
  }
  expect(failures).toEqual([]);
});
