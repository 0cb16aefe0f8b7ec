import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Billing, BillingStore } from '@billing-kit/server';
import { toNodeHandler } from '@billing-kit/server/node';
import type { StripeEmulator } from '@billing-kit/stripe-emulator';
import type Stripe from 'stripe';
import { demoOrgNames, demoUsers, SESSION_COOKIE, userFromRequest } from './accounts.js';
import { createDemoWorld, type DemoWorld, type StripeKeys } from './demo-world.js';
import { createDevPanelApi, DEV_PANEL_BASE_PATH, type DevPanelWorlds } from './dev-panel-api.js';
import { sendJson } from './http-json.js';
import { runAtTime } from './request-time.js';
import { createSerialQueue } from './serial-queue.js';
import { serveStatic } from './static-files.js';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Port of the demo's one URL. 0 picks a free one. Default 3000. */
  port?: number;
  /**
   * Where PGlite keeps the billing mirror and webhook ledger; null keeps it in memory. The directory is emptied at
   * start: every run starts clean (the emulator keeps its objects in memory, so an old mirror would describe
   * customers that no longer exist).
   */
  dataDir?: string | null;
  /**
   * Real Stripe test mode instead of the emulator. Taken from STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and
   * STRIPE_WEBHOOK_SECRET by the CLI; absent means offline against the emulator.
   */
  stripeKeys?: StripeKeys;
}

/**
 * A running demo: one URL for the app, its API, its webhook endpoint and the developer panel. `billing`, `store`,
 * `emulator` and `stripe` are those of the current seed: after a reset they are new objects, so read them from the
 * demo each time rather than keeping them.
 */
export interface Demo {
  url: string;
  /** `emulator` offline, `stripe` in Stripe test mode. */
  mode: 'emulator' | 'stripe';
  readonly billing: Billing;
  readonly store: BillingStore;
  /** Present when running offline. */
  readonly emulator: StripeEmulator | null;
  readonly stripe: Stripe;
  /** The Stripe customer of a demo organisation (`acme`, `globex`). */
  customerFor(orgId: string): Promise<string>;
  /** The organisation's test clock id, null in Stripe test mode. */
  clockFor(orgId: string): string | null;
  /** What `POST /demo/dev/reset` does: a freshly seeded emulator, catalog, customers and mirror. Offline only. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const clientDir = fileURLToPath(new URL('../../dist/client/', import.meta.url));
/** How long a reset lets requests on the previous seed finish before closing it. */
const RETIRE_TIMEOUT_MS = 30_000;

/**
 * Starts the whole demo in this process: the Stripe emulator (unless real keys are given), the seeded catalog and
 * customers, the billing server on PGlite, the developer panel's API and the built browser app, all behind one URL.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const keys = options.stripeKeys;
  const dataDir = options.dataDir ?? null;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });

  let world: DemoWorld | null = null;
  let generation = 0;
  const inFlight = new Map<DemoWorld, number>();
  const retiring = new Set<Promise<void>>();
  const exclusive = createSerialQueue();

  function enter(): DemoWorld | null {
    const current = world;
    if (current) inFlight.set(current, (inFlight.get(current) ?? 0) + 1);
    return current;
  }
  function leave(used: DemoWorld): void {
    inFlight.set(used, (inFlight.get(used) ?? 1) - 1);
  }

  const worlds: DevPanelWorlds = {
    async withWorld(work) {
      const used = enter();
      if (!used) throw new Error('The demo is still starting.');
      try {
        return await work(used);
      } finally {
        leave(used);
      }
    },
    exclusive,
    reset: replaceWorld,
  };
  const toDevPanel = toNodeHandler(createDevPanelApi(keys ? null : worlds));

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      console.error('demo: request failed', error instanceof Error ? error.message : error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error');
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo.local');
    if (url.pathname === '/api/billing' || url.pathname.startsWith('/api/billing/'))
      return routeBilling(req, res);
    if (url.pathname === DEV_PANEL_BASE_PATH || url.pathname.startsWith(`${DEV_PANEL_BASE_PATH}/`))
      return toDevPanel(req, res);
    if (url.pathname === '/demo/config') {
      if (!world)
        return sendJson(res, 503, { error: { code: 'starting', message: 'The demo is starting.' } });
      return sendJson(res, 200, { stripe: world.browserStripe, users: demoUsers, orgs: demoOrgNames });
    }
    if (url.pathname === '/demo/session') return handleSession(req, res);
    return serveStatic(clientDir, url.pathname, res);
  }

  function routeBilling(req: IncomingMessage, res: ServerResponse): void {
    const used = enter();
    if (!used) {
      sendJson(res, 503, {
        error: { code: 'stripe_unavailable', message: 'The demo is starting. Try again in a moment.' },
      });
      return;
    }
    res.once('close', () => leave(used));
    // "Now" for the billing server is the signed-in organisation's test clock (grace periods, card expiry).
    const user = userFromRequest(headersOf(req));
    const clockTime = user ? used.customers.clockTime(user.orgId) : null;
    runAtTime(clockTime === null ? null : new Date(clockTime * 1000), () => billingHandlerOf(used)(req, res));
  }

  const nodeHandlers = new WeakMap<DemoWorld, ReturnType<typeof toNodeHandler>>();
  function billingHandlerOf(of: DemoWorld) {
    let handler = nodeHandlers.get(of);
    if (!handler) {
      handler = toNodeHandler(of.billing.handler);
      nodeHandlers.set(of, handler);
    }
    return handler;
  }

  async function handleSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'POST') {
      let userId: unknown;
      try {
        userId = (JSON.parse((await readBody(req)) || '{}') as { userId?: unknown }).userId;
      } catch {
        return sendJson(res, 400, {
          error: { code: 'invalid_request', message: 'Send { "userId": "alice" }.' },
        });
      }
      const user = demoUsers.find((candidate) => candidate.id === userId);
      if (!user) return sendJson(res, 400, { error: { code: 'invalid_request', message: 'Unknown user' } });
      res.setHeader('set-cookie', `${SESSION_COOKIE}=${user.id}; Path=/; HttpOnly; SameSite=Lax`);
      return sendJson(res, 200, { user });
    }
    return sendJson(res, 200, { user: userFromRequest(headersOf(req)) });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  const webhookUrl = `http://127.0.0.1:${port}/api/billing/webhooks`;

  function buildWorld(): Promise<DemoWorld> {
    generation += 1;
    // Each seed gets its own directory, so the new database is complete before the old one is closed.
    const storeDir = dataDir ? join(dataDir, `mirror-${generation}`) : null;
    return createDemoWorld({ keys, webhookUrl, storeDir });
  }

  /** Builds a new world beside the running one and switches over only once it is complete. */
  async function replaceWorld(): Promise<void> {
    if (keys)
      throw new Error('Reset is offline only: in Stripe test mode the demo does not delete your objects.');
    const next = await buildWorld();
    const previous = world;
    world = next;
    if (previous) {
      const retired = retire(previous).finally(() => retiring.delete(retired));
      retiring.add(retired);
    }
  }

  /** Closes a replaced world once the requests still using it are over (the reset request itself is one). */
  async function retire(old: DemoWorld): Promise<void> {
    const deadline = Date.now() + RETIRE_TIMEOUT_MS;
    while ((inFlight.get(old) ?? 0) > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    inFlight.delete(old);
    await old.close();
  }

  try {
    world = await buildWorld();
  } catch (error) {
    await closeServer();
    throw error;
  }

  async function closeServer(): Promise<void> {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  let closing: Promise<void> | null = null;
  function current(): DemoWorld {
    if (!world) throw new Error('The demo is closed.');
    return world;
  }

  return {
    url,
    mode: keys ? 'stripe' : 'emulator',
    get billing() {
      return current().billing;
    },
    get store() {
      return current().store;
    },
    get emulator() {
      return current().emulator;
    },
    get stripe() {
      return current().stripe;
    },
    customerFor: async (orgId) => current().customers.accountFor(orgId).customerId,
    clockFor: (orgId) => current().customers.accountFor(orgId).clockId,
    reset: () => exclusive(replaceWorld),
    close() {
      closing ??= (async () => {
        await closeServer();
        await Promise.all(retiring);
        await world?.close();
      })();
      return closing;
    },
  };
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error('Session body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
