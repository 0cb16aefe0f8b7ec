/**
 * The first schema. Plain PostgreSQL (no PGlite-only features) so that a store over a PostgreSQL server runs the
 * same migrations. Amounts and Stripe timestamps are bigint: unix seconds outlive int4 in 2038.
 */
export const initialSchema = `
create table billing_products (
  id text primary key,
  name text not null,
  description text,
  active boolean not null,
  synced_at timestamptz not null default now()
);

create table billing_prices (
  id text primary key,
  product_id text not null references billing_products (id) on delete cascade,
  position integer not null,
  price jsonb not null
);
create index billing_prices_product_id_idx on billing_prices (product_id);

create table billing_subscriptions (
  id text primary key,
  customer_id text not null,
  status text not null,
  plan_id text not null,
  plan_name text not null,
  price_id text not null,
  interval text not null,
  currency text not null,
  unit_amount bigint,
  quantity integer not null,
  current_period_start bigint not null,
  current_period_end bigint not null,
  cancel_at_period_end boolean not null,
  trial_end bigint,
  synced_at bigint not null,
  version bigint not null
);
create index billing_subscriptions_customer_id_idx on billing_subscriptions (customer_id);

create table billing_webhook_events (
  id text primary key,
  type text not null,
  received_at timestamptz not null,
  attempts integer not null default 1,
  last_error text,
  applied_at timestamptz
);
`;
