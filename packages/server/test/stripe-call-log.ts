import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StripeEmulator } from '@billing-kit/stripe-emulator';
import Stripe from 'stripe';

/** One Stripe API request as it crossed the network, with what the emulator answered. */
export interface StripeCall {
  method: string;
  /** `/v1/...` without the query string. */
  path: string;
  idempotencyKey: string | null;
  /** The emulator replayed a saved response for a reused idempotency key (`Idempotent-Replayed: true`). */
  replayed: boolean;
  status: number;
}

/** A proxy in front of the emulator logging every Stripe request and whether Stripe executed or replayed it. */
export interface StripeCallLog {
  /** An SDK instance whose calls go through the proxy (no SDK retries, so every request is the server's own). */
  stripe: Stripe;
  calls(): StripeCall[];
  /** Every request since the last reset, as `METHOD /v1/path` (no query string), in the order they were answered. */
  requests(): string[];
  /**
   * Requests that may have changed something in Stripe: executed (not replayed) non-GET requests, whatever their
   * answer, except invoice previews, which Stripe serves on POST but which create nothing.
   */
  mutations(): StripeCall[];
  reset(): void;
  close(): Promise<void>;
}

const READ_ONLY_POSTS = new Set(['/v1/invoices/create_preview']);

/**
 * Starts a logging proxy for `emulator`. Counting at the network keeps the SDK and the code under test untouched;
 * reading the emulator's `Idempotent-Replayed` header tells a replay from a second mutation.
 */
export async function startStripeCallLog(emulator: StripeEmulator): Promise<StripeCallLog> {
  let seen: StripeCall[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const key = incoming.headers['idempotency-key'];
    const forward = httpRequest(
      {
        host: '127.0.0.1',
        port: emulator.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        seen.push({
          method: incoming.method ?? 'GET',
          path: (incoming.url ?? '').split('?')[0] ?? '',
          idempotencyKey: typeof key === 'string' ? key : null,
          replayed: answer.headers['idempotent-replayed'] === 'true',
          status: answer.statusCode ?? 0,
        });
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
    stripe: new Stripe('sk_test_billing_kit_call_log', {
      host: '127.0.0.1',
      port,
      protocol: 'http',
      maxNetworkRetries: 0,
    }),
    calls: () => [...seen],
    requests: () => seen.map((call) => `${call.method} ${call.path}`),
    mutations: () =>
      seen.filter((call) => call.method !== 'GET' && !call.replayed && !READ_ONLY_POSTS.has(call.path)),
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
