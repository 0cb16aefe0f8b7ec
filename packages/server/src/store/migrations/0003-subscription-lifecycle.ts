/**
 * What the plan-change routes add to the subscription mirror: the change scheduled for the period end, the next
 * invoice (computed while syncing, so reads never call Stripe), the latest invoice's status and since when the
 * subscription is past due (for the entitlements' grace period). Plain PostgreSQL, like every migration.
 */
export const subscriptionLifecycleSchema = `
alter table billing_subscriptions
  add column scheduled_change jsonb,
  add column next_invoice_amount bigint,
  add column next_invoice_date bigint,
  add column latest_invoice_status text,
  add column past_due_since bigint;
`;
