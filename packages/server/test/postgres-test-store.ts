import pg from 'pg';
import { type BillingStore, createPostgresStore } from '../src/index.js';

/** What to tell someone running the PostgreSQL suites without a server. */
export const PG_TEST_URL_MISSING =
  'PG_TEST_URL is not set, so the PostgreSQL suites cannot run. Run `pnpm test` from the repository root (it starts ' +
  "a throwaway PostgreSQL from Debian's postgresql package and sets PG_TEST_URL), or point PG_TEST_URL at a server " +
  'you run: PG_TEST_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @billing-kit/server test';

/** The PostgreSQL server for tests, or null when PG_TEST_URL is unset (the suite must then fail, not skip). */
export function postgresTestUrl(): string | null {
  const url = process.env.PG_TEST_URL;
  return url && url.length > 0 ? url : null;
}

/** A schema name no other test run uses. */
export function uniqueSchemaName(label: string): string {
  return `bk_${label}_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** A connection string whose connections use `schema` (the `pg` `options` parameter sets `search_path`). */
export function urlWithSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

/** Drops a test schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/**
 * A PostgreSQL store in a fresh schema of the PG_TEST_URL server, so test files never see each other's rows;
 * closing it drops the schema. Throws (failing the suite) with how to provide PG_TEST_URL when it is unset.
 */
export async function createPostgresTestStore(label = 'store'): Promise<BillingStore> {
  const url = postgresTestUrl();
  if (url === null) throw new Error(PG_TEST_URL_MISSING);
  const schema = uniqueSchemaName(label);
  const store = await createPostgresStore({ connectionString: url, schema, maxConnections: 20 });
  return {
    ...store,
    async close() {
      await store.close();
      await dropSchema(url, schema);
    },
  };
}
