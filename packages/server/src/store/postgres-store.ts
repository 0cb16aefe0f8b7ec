import pg from 'pg';
import type { BillingStore } from './billing-store.js';
import { runMigrations } from './migrations/run-migrations.js';
import { createSqlBillingStore } from './sql-billing-store.js';
import type { SqlClient } from './sql-client.js';

/** Options for {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` (any `pg` connection string, `?sslmode=` included). */
  connectionString: string;
  /**
   * Schema holding billing-kit's tables, created when missing. Defaults to the connection's `search_path`
   * (normally `public`). Letters, digits and `_` only.
   */
  schema?: string;
  /** Most connections the pool opens. Default 10. Each webhook delivery holds one for a few short statements. */
  maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function wrapPoolClient(connection: pg.PoolClient): SqlClient {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await connection.query(sql, params);
      return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await connection.query(sql);
    },
    // Already inside the outer transaction, which gives the atomicity asked for (as with PGlite).
    transaction: (work) => work(wrapPoolClient(connection)),
    close: async () => {
      throw new Error('Close the store, not a transaction.');
    },
  };
}

function wrapPool(pool: pg.Pool): SqlClient {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await pool.query(sql, params);
      return { rows: result.rows as Row[], affectedRows: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction(work) {
      const connection = await pool.connect();
      let broken: Error | undefined;
      try {
        await connection.query('begin');
        const result = await work(wrapPoolClient(connection));
        await connection.query('commit');
        return result;
      } catch (error) {
        try {
          await connection.query('rollback');
        } catch (rollbackError) {
          // The connection is unusable (server gone, say): throw it away rather than hand it to the next caller.
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        connection.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Opens a {@link BillingStore} on a PostgreSQL server through a `pg` pool and applies any pending migrations (the
 * same SQL as {@link createPGliteStore}; concurrent starts serialise on an advisory lock). Share one store per
 * process; it is safe for any number of processes to use one database.
 *
 * @example
 * const store = await createPostgresStore({ connectionString: process.env.DATABASE_URL });
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<BillingStore> {
  if (typeof options?.connectionString !== 'string' || options.connectionString === '') {
    throw new TypeError(
      'createPostgresStore: pass `connectionString`, e.g. postgres://user:password@localhost:5432/app.',
    );
  }
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new TypeError(
      `createPostgresStore: \`schema\` must be lower-case letters, digits and _ (got ${JSON.stringify(schema)}).`,
    );
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection the server drops (restart, failover) must not crash the host process: the next query
  // opens a new one.
  pool.on('error', () => {});
  const client = wrapPool(pool);
  try {
    if (schema !== undefined) await createSchemaIfMissing(client, schema);
    await runMigrations(client);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return createSqlBillingStore(client);
}

/**
 * `create schema if not exists` is not safe against itself: two processes starting at once can both see the schema
 * missing, and the slower one then fails on the catalog's unique index (23505) or with duplicate_schema (42P06).
 * Either way the schema exists, which is all the caller wanted.
 */
async function createSchemaIfMissing(client: { exec(sql: string): Promise<void> }, schema: string) {
  try {
    await client.exec(`create schema if not exists ${schema}`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') throw error;
  }
}
