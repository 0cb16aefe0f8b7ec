/**
 * The wallet mirror: each customer's saved cards and effective default, their invoices, and the SetupIntents this
 * server created (so a SetupIntent id in a request can be checked against the customer without asking Stripe).
 * Plain PostgreSQL, shared by every store. Versions are the unix milliseconds at which the re-read from Stripe
 * started: a write carrying an older version than the stored one is ignored.
 */
export const walletSchema = `
create table billing_customer_wallets (
  customer_id text primary key,
  default_payment_method_id text,
  version bigint not null
);

create table billing_payment_methods (
  id text primary key,
  customer_id text not null,
  brand text not null,
  last4 text not null,
  exp_month integer not null,
  exp_year integer not null,
  created bigint not null
);
create index billing_payment_methods_customer_id_idx on billing_payment_methods (customer_id);

create table billing_invoices (
  id text primary key,
  customer_id text not null,
  subscription_id text,
  number text,
  status text not null,
  amount_due bigint not null,
  amount_paid bigint not null,
  currency text not null,
  created bigint not null,
  period_start bigint not null,
  period_end bigint not null,
  hosted_invoice_url text,
  invoice_pdf text,
  finalized_at bigint,
  version bigint not null
);
create index billing_invoices_customer_id_idx on billing_invoices (customer_id, created desc);

create table billing_setup_intents (
  id text primary key,
  customer_id text not null,
  created_at timestamptz not null default now()
);
`;
