import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import Stripe from 'stripe';
import { type ReconcileReport, reconcileSubscriptions } from '../reconcile/reconcile-subscriptions.js';
import type { BillingStore } from '../store/billing-store.js';
import { createPGliteStore } from '../store/pglite-store.js';
import { createPostgresStore } from '../store/postgres-store.js';

/** Where the CLI reads its environment and writes its output (the process's, or a test's). */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Exit codes: 0 done, 1 the work failed (database or Stripe), 2 the command line or environment is wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export const USAGE = `Usage: billing-kit reconcile --database-url <url> [--customer <cus_...>] [--json]

Re-reads subscriptions from Stripe, repairs the billing-kit mirror and lists every drift it fixed.

  --database-url <url>   postgres://user:password@host:5432/db, or pglite:<data directory>
  --customer <cus_...>   only this customer's subscriptions (default: every subscription)
  --json                 print the report as JSON
  -h, --help             show this help

Environment:
  STRIPE_SECRET_KEY      the Stripe secret key (sk_... or rk_...), required
  STRIPE_API_BASE        another Stripe API address, e.g. http://127.0.0.1:12111 for @billing-kit/stripe-emulator
`;

class UsageError extends Error {}

/** Hides secret keys and connection passwords from anything printed. */
export function redactSecrets(text: string): string {
  return text
    .replace(/\b(sk|rk)_(test|live)_[A-Za-z0-9]+/g, '$1_$2_[redacted]')
    .replace(/(postgres(?:ql)?:\/\/[^:/@\s]+:)[^@\s]+@/g, '$1[redacted]@');
}

function stripeFrom(env: CliIo['env']): Stripe {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw new UsageError('Set STRIPE_SECRET_KEY to the Stripe secret key (sk_... or rk_...).');
  if (!/^(sk|rk)_(test|live)_/.test(key)) {
    throw new UsageError('STRIPE_SECRET_KEY does not look like a Stripe secret key (sk_... or rk_...).');
  }
  const base = env.STRIPE_API_BASE;
  if (!base) return new Stripe(key);
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(
      `STRIPE_API_BASE must be a URL such as http://127.0.0.1:12111 (got ${JSON.stringify(base)}).`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError('STRIPE_API_BASE must start with http:// or https://.');
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port);
  return new Stripe(key, { host: url.hostname, port, protocol });
}

/** Checks `--database-url` and returns how to open it, before anything is opened. */
function storeOpener(databaseUrl: string): () => Promise<BillingStore> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl))
    return () => createPostgresStore({ connectionString: databaseUrl });
  if (databaseUrl.startsWith('pglite:')) {
    const dataDir = resolve(databaseUrl.slice('pglite:'.length));
    // PGlite would create an empty database there: reconciling that is never what was meant.
    if (!existsSync(dataDir)) throw new UsageError(`There is no PGlite data directory at ${dataDir}.`);
    return () => createPGliteStore({ dataDir });
  }
  throw new UsageError(
    '--database-url must start with postgres://, postgresql:// or pglite: (a data directory).',
  );
}

function formatValue(value: unknown) {
  return JSON.stringify(value ?? null);
}

function formatReport(report: ReconcileReport): string {
  const lines = report.drifts.map((drift) => {
    const subject = `${drift.subscriptionId} (${drift.customerId})`;
    if (drift.kind === 'missing') return `missing   ${subject}: added to the mirror`;
    if (drift.kind === 'orphaned') return `orphaned  ${subject}: not in Stripe, removed from the mirror`;
    const changes = drift.fields.map(
      (field) => `${field.field} ${formatValue(field.mirror)} -> ${formatValue(field.stripe)}`,
    );
    return `changed   ${subject}: ${changes.join(', ')}`;
  });
  const summary = `Checked ${report.checked} subscription${report.checked === 1 ? '' : 's'}; repaired ${report.drifts.length} drift${report.drifts.length === 1 ? '' : 's'}.`;
  return `${[...lines, summary].join('\n')}\n`;
}

/**
 * The `billing-kit` command. Returns the exit code rather than exiting, so it runs in tests as it does in a shell.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let store: BillingStore | undefined;
  try {
    const [command, ...rest] = argv;
    if (command === undefined) throw new UsageError('Name a command.');
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    if (command !== 'reconcile') throw new UsageError(`Unknown command ${JSON.stringify(command)}.`);

    let parsed: ReturnType<typeof parseReconcileArgs>;
    try {
      parsed = parseReconcileArgs(rest);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (parsed.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const databaseUrl = parsed['database-url'];
    if (!databaseUrl)
      throw new UsageError('Pass --database-url (postgres://... or pglite:<data directory>).');
    const customerId = parsed.customer;
    if (customerId !== undefined && !/^cus_[A-Za-z0-9]+$/.test(customerId)) {
      throw new UsageError(
        `--customer must be a Stripe customer id such as cus_123 (got ${JSON.stringify(customerId)}).`,
      );
    }
    const openStore = storeOpener(databaseUrl);
    const stripe = stripeFrom(io.env);
    store = await openStore();
    const report = await reconcileSubscriptions(
      stripe,
      store,
      customerId === undefined ? {} : { customerId },
    );
    io.stdout(parsed.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`billing-kit: ${redactSecrets(error.message)}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`billing-kit: reconcile failed: ${redactSecrets(message)}\n`);
    return EXIT_FAILED;
  } finally {
    await store?.close().catch(() => {});
  }
}

function parseReconcileArgs(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      'database-url': { type: 'string' },
      customer: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}
