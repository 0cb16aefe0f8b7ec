import type { AddressInfo } from 'node:net';
import type { DunningSettings } from './billing/billing-state.js';
import { installBillingEngine } from './billing/engine.js';
import { EmulatorClock } from './clock.js';
import type { EmulatorContext } from './context.js';
import { EmulatorControl } from './control/emulator-control.js';
import { RequestFaults } from './control/request-faults.js';
import { randomSeed, SeededRandom } from './control/seeded-random.js';
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
  /**
   * Seed of the random source fault injection draws from (duplicate probability, reorder shuffles): the same seed
   * and the same calls give the same faults. Default: a random seed (read it from `control.faults().seed`).
   */
  seed?: number;
  /**
   * Dunning of failed renewals: retried `retryDays` after the first failure (default `[1, 3, 7]`), then the
   * subscription is canceled (`finalAction: 'cancel'`, the default) or left `unpaid`.
   */
  dunning?: Partial<DunningSettings>;
  /**
   * How many days before each renewal (a period end, or a trial end) `invoice.upcoming` is sent, with a preview of
   * the renewal invoice. Default 7, as Stripe's "upcoming renewal events" setting.
   */
  upcomingInvoiceDays?: number;
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
  /** Webhook deliveries that are over so far, in the order they ended (attempts, statuses, delivered or not). */
  webhookDeliveries(): readonly DeliveryRecord[];
  /**
   * Test controls, the same as the `/_emulator/*` routes: reset, the global clock, the seed, failures and delays of
   * the next API requests, dropped/duplicated/delayed/reordered webhook deliveries, a short receiver timeout, and
   * the delivery log. Bad input throws a `ControlInputError`.
   */
  control: EmulatorControl;
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
  const random = new SeededRandom(options.seed ?? randomSeed());
  const deliveries = new WebhookDeliveryQueue(options.webhookRetry, {
    random,
    onFinished: (record) => {
      const event = state.events.get(record.eventId);
      if (!record.duplicate && event && event.pending_webhooks > 0) event.pending_webhooks -= 1;
    },
  });
  const ctx: EmulatorContext = {
    state,
    clock,
    emitEvent: createEventRecorder(state, clock, deliveries),
    // Known once the server listens (port 0 picks one): set below, before any request can arrive.
    baseUrl: '',
  };
  installBillingEngine(ctx, { dunning: options.dunning, upcomingInvoiceDays: options.upcomingInvoiceDays });
  const idempotency = new IdempotencyStore(() => clock.now());
  const requestFaults = new RequestFaults(random);
  const reset = async () => {
    deliveries.cancelAll();
    await deliveries.flush();
    deliveries.clearHistory();
    requestFaults.clear();
    state.clear();
    idempotency.clear();
    clock.reset();
    // Back to the start of the current seed's sequence, so each test after a reset sees the same faults.
    random.reseed(random.seed);
  };
  const control = new EmulatorControl({ clock, random, requestFaults, deliveries, resetState: reset });
  const server = createApiServer({ ctx, router: new Router(allRoutes), idempotency, requestFaults, control });

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
  const url = `http://${urlHost}:${port}`;
  ctx.baseUrl = url;

  return {
    url,
    port,
    stripeOptions: { host, port, protocol: 'http' },
    flushWebhooks: () => deliveries.flush(),
    webhookDeliveries: () => deliveries.history,
    control,
    reset,
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
