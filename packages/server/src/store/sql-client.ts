/**
 * The little a store needs from a PostgreSQL driver. PGlite and `pg` both fit behind it, so the queries and
 * migrations are written once.
 */
export interface SqlClient {
  /** Runs one statement with `$1`-style parameters. */
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows: number }>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (client: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
