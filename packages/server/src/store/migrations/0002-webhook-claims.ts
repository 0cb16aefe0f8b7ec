/**
 * What the webhook pipeline needs to apply each event exactly once and to finish what a crash interrupted:
 * the verified event itself (until it is applied, so `drain()` can apply it without a redelivery) and a claim, a
 * token with a lease, taken by the one delivery that applies the event. A claim whose lease ran out belonged to a
 * process that died midway; anyone may take it over. Plain PostgreSQL, like every migration.
 */
export const webhookClaimsSchema = `
alter table billing_webhook_events
  add column payload jsonb,
  add column claim_token text,
  add column claimed_until timestamptz;
create index billing_webhook_events_unapplied_idx on billing_webhook_events (received_at) where applied_at is null;
`;
