import { rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Billing, type BillingStore, createBilling, createPGliteStore } from '@billing-kit/server';
import { toNodeHandler } from '@billing-kit/server/node';
import { type StripeEmulator, startStripeEmulator } from '@billing-kit/stripe-emulator';
import Stripe from 'stripe';
import {
  createCustomerDirectory,
  demoOrgNames,
  demoUsers,
  SESSION_COOKIE,
  userFromRequest,
} from './accounts.js';
import { demoPlans, seedCatalog } from './catalog.js';
import { serveStatic } from './static-files.js';

/** Options of {@link startDemo}. */
export interface DemoOptions {
  /** Port of the demo's one URL. 0 picks a free one. Default 3000. */
  port?: number;
  /** Where PGlite keeps the billing mirror and webhook ledger; null keeps it in memory. */
  dataDir?: string | null;
  /**
   * Real Stripe test mode instead of the emulator. Taken from STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and
   * STRIPE_WEBHOOK_SECRET by the CLI; absent means offline against the emulator.
   */
  stripeKeys?: { secretKey: string; publishableKey: string; webhookSecret: string };
}

/** A running demo: one URL for the app, its API and its webhook endpoint. */
export interface Demo {
  url: string;
  billing: Billing;
  store: BillingStore;
  /** Present when running offline. */
  emulator: StripeEmulator | null;
  stripe: Stripe;
  close(): Promise<void>;
}

const clientDir = fileURLToPath(new URL('../../dist/client/', import.meta.url));
const EMULATOR_PUBLISHABLE_KEY = 'pk_test_billing_kit_demo';

/**
 * Starts the whole demo in this process: the Stripe emulator (unless real keys are given), the seeded catalog, the
 * billing server on PGlite, and the built browser app, all behind one URL.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const keys = options.stripeKeys;
  const { stripe, emulator, browserStripe } = await connectStripe(keys);

  if (options.dataDir) await rm(options.dataDir, { recursive: true, force: true });
  const store = await createPGliteStore(options.dataDir ? { dataDir: options.dataDir } : {});
  const directory = createCustomerDirectory(stripe);

  let billing: Billing | null = null;
  let toBilling: ReturnType<typeof toNodeHandler> | null = null;

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      console.error('demo: request failed', error instanceof Error ? error.message : error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error');
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo.local');
    if (url.pathname.startsWith('/api/billing')) {
      if (!toBilling)
        return sendJson(res, 503, { error: { code: 'internal_error', message: 'Starting up' } });
      return toBilling(req, res);
    }
    if (url.pathname === '/demo/config') {
      return sendJson(res, 200, {
        stripe: browserStripe,
        users: demoUsers,
        orgs: demoOrgNames,
      });
    }
    if (url.pathname === '/demo/session') return handleSession(req, res);
    return serveStatic(clientDir, url.pathname, res);
  }

  async function handleSession(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'POST') {
      const body = await readBody(req);
      const userId = (JSON.parse(body || '{}') as { userId?: unknown }).userId;
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

  try {
    const webhookSecret = keys
      ? keys.webhookSecret
      : ((
          await stripe.webhookEndpoints.create({
            url: `http://127.0.0.1:${port}/api/billing/webhooks`,
            enabled_events: ['*'],
          })
        ).secret as string);
    const productIds = await seedCatalog(stripe);
    billing = createBilling({
      stripe,
      store,
      webhookSecret,
      catalog: {
        plans: demoPlans.map((plan) => ({
          productId: productIds.get(plan.key) as string,
          features: plan.features,
          entitlements: plan.entitlements,
          highlighted: plan.highlighted ?? false,
          perSeat: plan.perSeat ?? false,
        })),
      },
      // The host's auth decides who the customer is: here, the signed-in user's organisation.
      resolveCustomer: async (request) => {
        const user = userFromRequest(request.headers);
        return user ? directory.customerFor(user.orgId) : null;
      },
    });
    await billing.syncCatalog();
    toBilling = toNodeHandler(billing.handler);
  } catch (error) {
    await closeAll();
    throw error;
  }

  async function closeAll(): Promise<void> {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await emulator?.close();
    await store.close();
  }

  return { url, billing: billing as Billing, store, emulator, stripe, close: closeAll };
}

/** The one switch between offline and Stripe test mode: which API the SDK talks to and which Stripe.js the page gets. */
async function connectStripe(keys: DemoOptions['stripeKeys']) {
  if (keys) {
    return {
      stripe: new Stripe(keys.secretKey),
      emulator: null,
      browserStripe: { mode: 'stripe', publishableKey: keys.publishableKey },
    } as const;
  }
  const emulator = await startStripeEmulator({ port: 0 });
  return {
    // No SDK retries offline: the emulator answers at once, and a retry would hide a bug.
    stripe: new Stripe('sk_test_billing_kit_demo', { ...emulator.stripeOptions, maxNetworkRetries: 0 }),
    emulator,
    browserStripe: { mode: 'emulator', apiBase: emulator.url, publishableKey: EMULATOR_PUBLISHABLE_KEY },
  } as const;
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

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
