import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { BillingStore } from './billing-store.js';
import { runMigrations } from './migrations/run-migrations.js';
import { createSqlBillingStore } from './sql-billing-store.js';
import type { SqlClient } from './sql-client.js';

/** Options for {@link createPGliteStore}. */
export interface PGliteStoreOptions {
  /**
   * Directory holding the database files, created when missing. Without it the database lives in memory and is
   * lost when the process exits: fine for tests and demos, not for production.
   */
  dataDir?: string;
}

function wrapTransaction(tx: Transaction): SqlClient {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await tx.query<Row>(sql, params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(sql: string) {
      await tx.exec(sql);
    },
    // PGlite has no nested transactions; the outer one already gives the atomicity asked for.
    transaction: (work) => work(wrapTransaction(tx)),
    close: async () => {
      throw new Error('Close the store, not a transaction.');
    },
  };
}

function wrapPGlite(db: PGlite): SqlClient {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await db.query<Row>(sql, params);
      return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    transaction: (work) => db.transaction((tx) => work(wrapTransaction(tx))),
    close: () => db.close(),
  };
}

/**
 * Opens a {@link BillingStore} on PGlite (PostgreSQL in WebAssembly, no server to run) and applies any pending
 * migrations. Keep one store per process and share it: PGlite serves one connection.
 *
 * @example
 * const store = await createPGliteStore({ dataDir: './.billing-data' });
 */
export async function createPGliteStore(options: PGliteStoreOptions = {}): Promise<BillingStore> {
  const db = options.dataDir === undefined ? await PGlite.create() : await PGlite.create(options.dataDir);
  const client = wrapPGlite(db);
  try {
    await runMigrations(client);
  } catch (error) {
    await db.close();
    throw error;
  }
  return createSqlBillingStore(client);
}
