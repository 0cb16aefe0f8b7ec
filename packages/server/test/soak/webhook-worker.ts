// The soak's webhook process: a separate Node process (started with `node --import tsx`) that serves
// `POST /api/billing/webhooks` from `createBilling` on the shared PostgreSQL store, and dies on purpose. The soak's
// supervisor kills it from outside at random times too, and restarts it on the same port, as a process manager
// would. Everything it does that the verdict needs (claims, applies, crashes, injected answers) is appended to a
// journal with synchronous writes, so a line written before a SIGKILL is never lost.
//
// Settings come from the environment (see `WorkerSettings` in worker-supervisor.ts); the webhook secret and the
// database URL are never printed.
import { openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';
import pg from 'pg';
import Stripe from 'stripe';
import { toNodeHandler } from '../../src/adapters/node.js';
import { type BillingStore, createBilling, createPostgresStore } from '../../src/index.js';
import { seededRandom } from './seeded-random.js';
import type { WorkerSettings } from './worker-supervisor.js';

const settings = JSON.parse(process.env.SOAK_WORKER_SETTINGS ?? 'null') as WorkerSettings | null;
const databaseUrl = process.env.SOAK_DATABASE_URL;
const webhookSecret = process.env.SOAK_WEBHOOK_SECRET;
if (!settings || !databaseUrl || !webhookSecret) {
  throw new Error(
    'webhook-worker: SOAK_WORKER_SETTINGS, SOAK_DATABASE_URL and SOAK_WEBHOOK_SECRET must be set.',
  );
}

const journal = openSync(settings.journal, 'a');
/** One line of the journal: `<pid> <what> [<event id>]`. */
function note(line: string): void {
  writeSync(journal, `${process.pid} ${line}\n`);
}
const random = seededRandom(settings.seed);
let crashArmed = false;
if (settings.crashAfterMs !== null) {
  const [min, max] = settings.crashAfterMs;
  setTimeout(
    () => {
      crashArmed = true;
    },
    min + random() * (max - min),
  ).unref();
}
let crashInNextTransaction = false;

function crash(point: string, eventId = '-'): never {
  note(`crash:${point} ${eventId}`);
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is not deliverable to a handler; this only satisfies the type checker.
  throw new Error('unreachable');
}

// Mid-transaction deaths: after any statement between `begin` and `commit` on a pooled connection, with a small
// chance. PostgreSQL then rolls the transaction back when the connection drops, as it would for a real crash.
const inTransaction = new WeakSet<object>();
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function patchedQuery(this: pg.Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string };
  const text = (typeof first === 'string' ? first : (first?.text ?? '')).trim().toLowerCase();
  if (text === 'begin') inTransaction.add(this);
  else if (text === 'commit' || text === 'rollback') inTransaction.delete(this);
  else if (inTransaction.has(this) && crashInNextTransaction) {
    const pending = (originalQuery as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    return pending.then(() => crash('mid-transaction'));
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof pg.Client.prototype.query;

const store = await createPostgresStore({
  connectionString: databaseUrl,
  schema: settings.schema,
  maxConnections: 10,
});
const journaled: BillingStore = {
  ...store,
  async recordWebhookEvent(event, claim) {
    const record = await store.recordWebhookEvent(event, claim);
    if (record.claimed) {
      note(`claimed ${event.id}`);
      if (crashArmed) {
        crashArmed = false;
        if (random() < 0.5) crash('after-record', event.id);
        crashInNextTransaction = true;
      }
    } else {
      note(`recorded ${event.id}`);
    }
    return record;
  },
  async claimWebhookEvent(id, claim) {
    const claimed = await store.claimWebhookEvent(id, claim);
    if (claimed) note(`claimed ${id}`);
    return claimed;
  },
  async markWebhookEventApplied(id, appliedAt, claimToken) {
    const recorded = await store.markWebhookEventApplied(id, appliedAt, claimToken);
    // `marked`: this process recorded the application. `late`: its claim had been taken over, nothing recorded.
    note(`${recorded ? 'marked' : 'late'} ${id}`);
    return recorded;
  },
};

const stripe = new Stripe('sk_test_soak_webhook_worker', {
  host: '127.0.0.1',
  port: settings.emulatorPort,
  protocol: 'http',
  // The harsher setting: the kit sees every injected Stripe error itself instead of the SDK retrying it away.
  maxNetworkRetries: 0,
});
const billing = createBilling({
  stripe,
  store: journaled,
  webhookSecret,
  resolveCustomer: () => null,
  catalog: { plans: settings.plans },
  webhooks: { claimLeaseMs: settings.claimLeaseMs },
  onError: () => {},
});

const server = createServer(
  toNodeHandler(async (request) => {
    const draw = random();
    if (draw < settings.answer500) {
      note('answered-500 -');
      return new Response('injected failure', { status: 500 });
    }
    if (draw < settings.answer500 + settings.answerSlowly) {
      // The emulator gives up waiting and retries; this delivery still goes on, like a slow server would.
      note('answered-slowly -');
      await new Promise((resolve) => setTimeout(resolve, settings.slowMs));
    }
    return billing.handler(request);
  }),
);
server.keepAliveTimeout = 0;
await new Promise<void>((resolve) => server.listen(settings.port, '127.0.0.1', resolve));
note('started -');
process.stdout.write('ready\n');

// Events whose deliveries all failed, or that a killed process had claimed, are applied by the drain once their
// claim's lease ran out: at start-up and then every second, as the server README recommends.
let draining = false;
async function drainOnce(): Promise<void> {
  if (draining) return;
  draining = true;
  try {
    await billing.drain();
  } catch {
    // Stripe or the database failed: the next round tries again.
  } finally {
    draining = false;
  }
}
void drainOnce();
setInterval(() => void drainOnce(), 1000).unref();
