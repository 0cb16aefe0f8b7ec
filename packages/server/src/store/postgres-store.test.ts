import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeBillingStore } from '../../test/billing-store-contract.js';
import {
  createPostgresTestStore,
  dropSchema,
  PG_TEST_URL_MISSING,
  postgresTestUrl,
  uniqueSchemaName,
} from '../../test/postgres-test-store.js';
import { createPostgresStore } from '../index.js';
import { migrations } from './migrations/index.js';

const url = postgresTestUrl();

if (url === null) {
  // Never a silent skip: without a server this suite fails and says how to provide one.
  describe('PostgreSQL store', () => {
    it('needs a PostgreSQL server', () => {
      throw new Error(PG_TEST_URL_MISSING);
    });
  });
} else {
  describeBillingStore('PostgreSQL', () => createPostgresTestStore('contract'));

  describe('createPostgresStore', () => {
    it('migrates once when several processes open the same schema at the same time', async () => {
      const schema = uniqueSchemaName('migrate');
      try {
        const stores = await Promise.all(
          Array.from({ length: 4 }, () => createPostgresStore({ connectionString: url, schema })),
        );
        await Promise.all(stores.map((store) => store.close()));
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const { rows } = await client.query(
          `select version from ${schema}.billing_migrations order by version`,
        );
        await client.end();
        expect(rows.map((row) => row.version)).toEqual(
          migrations.map((migration) => migration.version).sort((a, b) => a - b),
        );
      } finally {
        await dropSchema(url, schema);
      }
    });

    it('refuses a missing connection string or an unsafe schema name, saying what to pass', async () => {
      await expect(createPostgresStore({ connectionString: '' })).rejects.toThrow(/connectionString/);
      await expect(createPostgresStore({ connectionString: url, schema: 'x; drop table y' })).rejects.toThrow(
        /schema/,
      );
    });
  });
}
