import type { SqlClient } from '../sql-client.js';
import { migrations as allMigrations, type Migration } from './index.js';

/**
 * Brings the schema up to date: applies, each in its own transaction, every migration whose version is not yet in
 * `billing_migrations`. Running it again is a no-op.
 */
export async function runMigrations(client: SqlClient, migrations: readonly Migration[] = allMigrations) {
  await client.exec(`
    create table if not exists billing_migrations (
      version integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    );
  `);
  const { rows } = await client.query<{ version: number }>('select version from billing_migrations');
  const applied = new Set(rows.map((row) => row.version));
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    await client.transaction(async (tx) => {
      await tx.exec(migration.sql);
      await tx.query('insert into billing_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    });
  }
}
