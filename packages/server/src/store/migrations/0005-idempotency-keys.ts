/**
 * The answers of customer actions sent with an `Idempotency-Key`, so a resend after a lost response gets the first
 * answer back instead of running the route's checks again on the new state. `key` is a SHA-256 of customer, route
 * and client key (never the raw header); `fingerprint` a SHA-256 of the request (path and body), to tell a resend
 * from a different request reusing the key. While the first request runs, `token` names its runner and `started_at`
 * lets another process take over a runner that died. Rows older than the retention (24 hours) are deleted as new
 * ones are inserted. Plain PostgreSQL, like every migration.
 */
export const idempotencyKeysSchema = `
create table billing_idempotent_requests (
  key text primary key,
  fingerprint text not null,
  token text,
  status integer,
  response_body text,
  response_headers jsonb,
  created_at timestamptz not null default now(),
  started_at timestamptz not null default now(),
  completed_at timestamptz
);
create index billing_idempotent_requests_created_at_idx on billing_idempotent_requests (created_at);
`;
