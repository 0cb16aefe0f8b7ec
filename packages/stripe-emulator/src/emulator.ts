import type { AddressInfo } from 'node:net';
import { EmulatorClock } from './clock.js';
import type { EmulatorContext } from './context.js';
import { allRoutes } from './resources/all-routes.js';
import { createApiServer } from './server/http-server.js';
import { IdempotencyStore } from './server/idempotency.js';
import { Router } from './server/router.js';
import { EmulatorState } from './state.js';
import {
  type DeliveryRecord,
  WebhookDeliveryQueue,
  type WebhookRetryOptions,
} from './webhooks/delivery-queue.js';
import { createEventRecorder } from './webhooks/event-recorder.js';

/** Options of `startStripeEmulator`. */
export interface StripeEmulatorOptions {
  /** Port to listen on. Default 12111; 0 picks a free port (read it back from `emulator.port`). */
  port?: number;
  /** Interface to bind. Default '127.0.0.1'. */
  host?: string;
  /** Backoff for failed webhook deliveries. */
  webhookRetry?: WebhookRetryOptions;
}

/** A running emulator. */
export interface StripeEmulator {
  /** Base URL, e.g. 'http://127.0.0.1:12111'. Give it to the fake Stripe.js as `apiBase`. */
  url: string;
  port: number;
  /** Spread into the SDK: `new Stripe('sk_test_x', { ...emulator.stripeOptions })`. */
  stripeOptions: { host: string; port: number; protocol: 'http' };
  /** Resolves when every webhook delivery queued so far is done (2xx or gave up after the retries). */
  flushWebhooks(): Promise<void>;
  /** Webhook deliveries that finished so far, oldest first (attempts, last status, delivered or not). */
  webhookDeliveries(): readonly DeliveryRecord[];
  /** Forgets all state: objects, events, webhook endpoints, idempotency keys, pending deliveries. */
  reset(): Promise<void>;
  /** Stops the server (pending webhook retries are abandoned). */
  close(): Promise<void>;
}

/** The default port, the one stripe-mock also uses. */
export const DEFAULT_EMULATOR_PORT = 12111;

/**
 * Starts a stateful, in-memory Stripe API on `host:port` that the official `stripe` SDK talks to unchanged.
 *
 * @example
 * const emulator = await startStripeEmulator({ port: 0 });
 * const stripe = new Stripe('sk_test_123', { ...emulator.stripeOptions });
 */
export async function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = options.host ?? '127.0.0.1';
  const state = new EmulatorState();
  const clock = new EmulatorClock();
  const deliveries = new WebhookDeliveryQueue(
    options.webhookRetry,
    () => clock.now(),
    (record) => {
      const event = state.events.get(record.eventId);
      if (event && event.pending_webhooks > 0) event.pending_webhooks -= 1;
    },
  );
  const ctx: EmulatorContext = { state, clock, emitEvent: createEventRecorder(state, clock, deliveries) };
  const idempotency = new IdempotencyStore();
  const server = createApiServer(ctx, new Router(allRoutes), idempotency);

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? ` Port ${options.port ?? DEFAULT_EMULATOR_PORT} is taken: pass another port, or 0 for a free one.`
          : '';
      reject(new Error(`The Stripe emulator could not listen on ${host}: ${error.message}.${hint}`));
    };
    server.once('error', onError);
    server.listen(options.port ?? DEFAULT_EMULATOR_PORT, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    stripeOptions: { host, port, protocol: 'http' },
    flushWebhooks: () => deliveries.flush(),
    webhookDeliveries: () => deliveries.history,
    reset: async () => {
      deliveries.cancelAll();
      await deliveries.flush();
      deliveries.history.length = 0;
      state.clear();
      idempotency.clear();
      clock.reset();
    },
    close: async () => {
      deliveries.cancelAll();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await deliveries.flush();
    },
  };
}
