import type { SqlClient } from '../sql-client.js';
import { migrations as allMigrations, type Migration } from './index.js';

// Any constant works: it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 716_240_311;

/**
 * Brings the schema up to date: applies, each in its own transaction, every migration whose version is not yet in
 * `billing_migrations`. Running it again is a no-op. Processes starting at once (several servers, a CLI) take
 * turns on a transaction-scoped advisory lock, so each migration runs exactly once.
 */
export async function runMigrations(client: SqlClient, migrations: readonly Migration[] = allMigrations) {
  await client.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`
      create table if not exists billing_migrations (
        version integer primary key,
        name text not null,
        applied_at timestamptz not null default now()
      );
    `);
  });
  const { rows } = await client.query<{ version: number }>('select version from billing_migrations');
  const applied = new Set(rows.map((row) => row.version));
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await client.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      // Another process may have applied it while this one waited for the lock.
      const done = await tx.query('select 1 from billing_migrations where version = $1', [migration.version]);
      if (done.rows.length > 0) return;
      await tx.exec(migration.sql);
      await tx.query('insert into billing_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    });
  }
}
