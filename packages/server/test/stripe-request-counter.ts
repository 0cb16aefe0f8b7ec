import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StripeEmulator } from '@billing-kit/stripe-emulator';
import Stripe from 'stripe';

/** A proxy in front of the emulator that counts the Stripe API requests passing through it. */
export interface StripeRequestCounter {
  /** An SDK instance whose calls go through the proxy. */
  stripe: Stripe;
  /** Every request since the last reset, as `METHOD /v1/path` (no query string). */
  requests(): string[];
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a counting proxy for `emulator`: counted at the network, so nothing in the SDK or the code under test is
 * replaced. `config` goes to the SDK (e.g. `maxNetworkRetries: 0`).
 */
export async function startStripeRequestCounter(
  emulator: StripeEmulator,
  config: Stripe.StripeConfig = {},
): Promise<StripeRequestCounter> {
  let seen: string[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    seen.push(`${incoming.method} ${(incoming.url ?? '').split('?')[0]}`);
    const forward = httpRequest(
      {
        host: '127.0.0.1',
        port: emulator.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    stripe: new Stripe('sk_test_billing_kit_counter', {
      host: '127.0.0.1',
      port,
      protocol: 'http',
      ...config,
    }),
    requests: () => [...seen],
    reset() {
      seen = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
