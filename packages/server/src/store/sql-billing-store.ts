import type { Price, SubscriptionSummary } from '@billing-kit/core';
import type {
  BillingStore,
  CatalogProduct,
  CustomerWalletRow,
  IdempotentRequestRecord,
  InvoiceMirrorRow,
  PaymentMethodMirrorRow,
  SubscriptionMirrorRow,
  WebhookClaim,
  WebhookEventRecord,
} from './billing-store.js';
import type { SqlClient } from './sql-client.js';

interface ProductRow {
  id: string;
  name: string;
  description: string | null;
  active: boolean;
}

interface PriceRow {
  product_id: string;
  price: Price;
}

interface SubscriptionRow {
  id: string;
  status: SubscriptionSummary['status'];
  plan_id: string;
  plan_name: string;
  price_id: string;
  interval: SubscriptionSummary['interval'];
  currency: string;
  unit_amount: number | string | null;
  quantity: number;
  current_period_start: number | string;
  current_period_end: number | string;
  cancel_at_period_end: boolean;
  trial_end: number | string | null;
  synced_at: number | string;
  scheduled_change: SubscriptionSummary['scheduledChange'];
  next_invoice_amount: number | string | null;
  next_invoice_date: number | string | null;
  latest_invoice_status: SubscriptionSummary['latestInvoiceStatus'];
  past_due_since: number | string | null;
}

interface WebhookEventRow {
  id: string;
  type: string;
  received_at: Date | string;
  attempts: number;
  last_error: string | null;
  applied_at: Date | string | null;
}

// An event anyone may claim: not applied, and no claim or only one whose lease ran out (its holder died midway).
const CLAIMABLE = 'e.applied_at is null and (e.claimed_until is null or e.claimed_until < now())';

// `pg` returns bigint columns as strings, PGlite as numbers: accept both.
const toNumber = (value: number | string) => Number(value);
const toNullableNumber = (value: number | string | null) => (value === null ? null : Number(value));
const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

function toSummary(row: SubscriptionRow): SubscriptionSummary {
  return {
    id: row.id,
    status: row.status,
    planId: row.plan_id,
    planName: row.plan_name,
    priceId: row.price_id,
    interval: row.interval,
    currency: row.currency,
    unitAmount: toNullableNumber(row.unit_amount),
    quantity: row.quantity,
    currentPeriodStart: toNumber(row.current_period_start),
    currentPeriodEnd: toNumber(row.current_period_end),
    cancelAtPeriodEnd: row.cancel_at_period_end,
    trialEnd: toNullableNumber(row.trial_end),
    syncedAt: toNumber(row.synced_at),
    scheduledChange: row.scheduled_change ?? null,
    nextInvoice:
      row.next_invoice_amount === null || row.next_invoice_date === null
        ? null
        : { amount: toNumber(row.next_invoice_amount), date: toNumber(row.next_invoice_date) },
    latestInvoiceStatus: row.latest_invoice_status ?? null,
    pastDueSince: toNullableNumber(row.past_due_since),
  };
}

function toWebhookEventRecord(row: WebhookEventRow): WebhookEventRecord {
  return {
    id: row.id,
    type: row.type,
    receivedAt: toDate(row.received_at),
    attempts: row.attempts,
    lastError: row.last_error,
    appliedAt: row.applied_at === null ? null : toDate(row.applied_at),
  };
}

interface IdempotentRequestRow {
  key: string;
  fingerprint: string;
  status: number | null;
  response_body: string | null;
  response_headers: Record<string, string> | string | null;
  created_at: Date | string;
  started_at: Date | string;
  completed_at: Date | string | null;
}

const idempotentRequestColumns =
  'key, fingerprint, status, response_body, response_headers, created_at, started_at, completed_at';

function toIdempotentRequestRecord(row: IdempotentRequestRow): IdempotentRequestRecord {
  const headers =
    typeof row.response_headers === 'string' ? JSON.parse(row.response_headers) : row.response_headers;
  return {
    key: row.key,
    fingerprint: row.fingerprint,
    createdAt: toDate(row.created_at),
    startedAt: toDate(row.started_at),
    completedAt: row.completed_at === null ? null : toDate(row.completed_at),
    answer:
      row.completed_at === null || row.status === null
        ? null
        : { status: row.status, headers: headers ?? {}, body: row.response_body ?? '' },
  };
}

// How often `beginIdempotentRequest` tries again when the record it ran into was deleted before it could read it.
const IDEMPOTENT_BEGIN_ATTEMPTS = 5;

interface PaymentMethodRow {
  id: string;
  customer_id: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  created: number | string;
}

interface InvoiceRow {
  id: string;
  customer_id: string;
  subscription_id: string | null;
  number: string | null;
  status: InvoiceMirrorRow['status'];
  amount_due: number | string;
  amount_paid: number | string;
  currency: string;
  created: number | string;
  period_start: number | string;
  period_end: number | string;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  finalized_at: number | string | null;
  version: number | string;
}

const invoiceColumns = `id, customer_id, subscription_id, number, status, amount_due, amount_paid, currency, created,
  period_start, period_end, hosted_invoice_url, invoice_pdf, finalized_at, version`;

function toPaymentMethodMirrorRow(row: PaymentMethodRow): PaymentMethodMirrorRow {
  return {
    id: row.id,
    customerId: row.customer_id,
    brand: row.brand,
    last4: row.last4,
    expMonth: row.exp_month,
    expYear: row.exp_year,
    created: toNumber(row.created),
  };
}

function toInvoiceMirrorRow(row: InvoiceRow): InvoiceMirrorRow {
  return {
    id: row.id,
    customerId: row.customer_id,
    subscriptionId: row.subscription_id,
    number: row.number,
    status: row.status,
    amountDue: toNumber(row.amount_due),
    amountPaid: toNumber(row.amount_paid),
    currency: row.currency,
    created: toNumber(row.created),
    periodStart: toNumber(row.period_start),
    periodEnd: toNumber(row.period_end),
    hostedInvoiceUrl: row.hosted_invoice_url,
    invoicePdf: row.invoice_pdf,
    finalizedAt: toNullableNumber(row.finalized_at),
    version: toNumber(row.version),
  };
}

/**
 * A {@link BillingStore} over any PostgreSQL client. Expects the schema of `migrations/` to be in place.
 */
export function createSqlBillingStore(client: SqlClient): BillingStore {
  return {
    async saveCatalogProduct(product: CatalogProduct) {
      await client.transaction(async (tx) => {
        await tx.query(
          `insert into billing_products (id, name, description, active, synced_at)
           values ($1, $2, $3, $4, now())
           on conflict (id) do update set name = excluded.name, description = excluded.description,
             active = excluded.active, synced_at = excluded.synced_at`,
          [product.id, product.name, product.description, product.active],
        );
        await tx.query('delete from billing_prices where product_id = $1', [product.id]);
        for (const [position, price] of product.prices.entries()) {
          await tx.query(
            'insert into billing_prices (id, product_id, position, price) values ($1, $2, $3, $4::jsonb)',
            [price.id, product.id, position, JSON.stringify(price)],
          );
        }
      });
    },

    async listCatalogProducts() {
      const products = await client.query<ProductRow>(
        'select id, name, description, active from billing_products order by id',
      );
      const prices = await client.query<PriceRow>(
        'select product_id, price from billing_prices order by product_id, position',
      );
      return products.rows.map((product) => ({
        id: product.id,
        name: product.name,
        description: product.description,
        active: product.active,
        prices: prices.rows.filter((row) => row.product_id === product.id).map((row) => row.price),
      }));
    },

    async findCatalogProduct(productId: string) {
      const { rows } = await client.query<ProductRow & { prices: Price[] | null }>(
        `select p.id, p.name, p.description, p.active,
           (select jsonb_agg(pr.price order by pr.position) from billing_prices pr where pr.product_id = p.id) as prices
         from billing_products p where p.id = $1`,
        [productId],
      );
      const product = rows[0];
      if (!product) return null;
      const { prices, ...fields } = product;
      return {
        id: fields.id,
        name: fields.name,
        description: fields.description,
        active: fields.active,
        prices: prices ?? [],
      };
    },

    async findCatalogPrice(priceId: string) {
      const { rows } = await client.query<PriceRow>(
        'select product_id, price from billing_prices where id = $1',
        [priceId],
      );
      return rows[0]?.price ?? null;
    },

    async upsertSubscription(row: SubscriptionMirrorRow) {
      // The `where` on the update is the whole race guard: concurrent writers of one subscription serialise on the
      // row lock, and the older Stripe state loses whichever commits last.
      const result = await client.query(
        `insert into billing_subscriptions (id, customer_id, status, plan_id, plan_name, price_id, interval, currency,
           unit_amount, quantity, current_period_start, current_period_end, cancel_at_period_end, trial_end,
           synced_at, version, scheduled_change, next_invoice_amount, next_invoice_date, latest_invoice_status,
           past_due_since)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::jsonb, $18, $19, $20,
           $21)
         on conflict (id) do update set customer_id = excluded.customer_id, status = excluded.status,
           plan_id = excluded.plan_id, plan_name = excluded.plan_name, price_id = excluded.price_id,
           interval = excluded.interval, currency = excluded.currency, unit_amount = excluded.unit_amount,
           quantity = excluded.quantity, current_period_start = excluded.current_period_start,
           current_period_end = excluded.current_period_end, cancel_at_period_end = excluded.cancel_at_period_end,
           trial_end = excluded.trial_end, synced_at = excluded.synced_at, version = excluded.version,
           scheduled_change = excluded.scheduled_change, next_invoice_amount = excluded.next_invoice_amount,
           next_invoice_date = excluded.next_invoice_date, latest_invoice_status = excluded.latest_invoice_status,
           past_due_since = excluded.past_due_since
         where billing_subscriptions.version <= excluded.version`,
        [
          row.id,
          row.customerId,
          row.status,
          row.planId,
          row.planName,
          row.priceId,
          row.interval,
          row.currency,
          row.unitAmount,
          row.quantity,
          row.currentPeriodStart,
          row.currentPeriodEnd,
          row.cancelAtPeriodEnd,
          row.trialEnd,
          row.syncedAt,
          row.version,
          row.scheduledChange === null ? null : JSON.stringify(row.scheduledChange),
          row.nextInvoice?.amount ?? null,
          row.nextInvoice?.date ?? null,
          row.latestInvoiceStatus,
          row.pastDueSince,
        ],
      );
      return result.affectedRows > 0;
    },

    async getSubscriptions(customerId: string) {
      const { rows } = await client.query<SubscriptionRow>(
        `select id, status, plan_id, plan_name, price_id, interval, currency, unit_amount, quantity,
           current_period_start, current_period_end, cancel_at_period_end, trial_end, synced_at, scheduled_change,
           next_invoice_amount, next_invoice_date, latest_invoice_status, past_due_since
         from billing_subscriptions where customer_id = $1
         order by current_period_start desc, id`,
        [customerId],
      );
      return rows.map(toSummary);
    },

    async listSubscriptionRows(filter = {}) {
      const { rows } = await client.query<
        SubscriptionRow & { customer_id: string; version: number | string }
      >(
        `select * from billing_subscriptions where $1::text is null or customer_id = $1::text
         order by customer_id, id`,
        [filter.customerId ?? null],
      );
      return rows.map((row) => ({
        ...toSummary(row),
        customerId: row.customer_id,
        version: toNumber(row.version),
      }));
    },

    async deleteSubscription(subscriptionId: string) {
      await client.query('delete from billing_subscriptions where id = $1', [subscriptionId]);
    },

    async recordWebhookEvent(event, claim) {
      // One statement records the delivery and, when asked, claims the event. The row lock of `on conflict` makes
      // concurrent deliveries of one event take turns here; each sees the previous one's claim and only the first
      // gets it. The claim's lease uses the database clock, the one every process shares.
      const { rows } = await client.query<WebhookEventRow & { claimed: boolean }>(
        `insert into billing_webhook_events as e (id, type, received_at, attempts, payload, claim_token, claimed_until)
         values ($1, $2, $3, 1, $4::jsonb, $5::text,
           case when $5::text is null then null else now() + $6::double precision * interval '1 millisecond' end)
         on conflict (id) do update set
           attempts = e.attempts + 1,
           payload = case when e.applied_at is null then coalesce(e.payload, excluded.payload) end,
           claim_token = case when ${CLAIMABLE} and excluded.claim_token is not null
             then excluded.claim_token else e.claim_token end,
           claimed_until = case when ${CLAIMABLE} and excluded.claim_token is not null
             then excluded.claimed_until else e.claimed_until end
         returning id, type, received_at, attempts, last_error, applied_at,
           coalesce(claim_token = $5::text, false) as claimed`,
        [
          event.id,
          event.type,
          event.receivedAt.toISOString(),
          event.payload ?? null,
          claim?.token ?? null,
          claim?.leaseMs ?? 0,
        ],
      );
      const row = rows[0];
      if (!row) throw new Error(`The webhook ledger did not return event ${event.id} after recording it.`);
      return { ...toWebhookEventRecord(row), claimed: row.claimed };
    },

    async claimWebhookEvent(id: string, claim: WebhookClaim) {
      const result = await client.query(
        `update billing_webhook_events as e
         set claim_token = $2, claimed_until = now() + $3::double precision * interval '1 millisecond'
         where id = $1 and ${CLAIMABLE}`,
        [id, claim.token, claim.leaseMs],
      );
      return result.affectedRows > 0;
    },

    async markWebhookEventApplied(id: string, appliedAt: Date, claimToken?: string) {
      // Only the first application counts, and only by the holder of the live claim when a token is given: a late
      // claimant whose lease was taken over changes nothing.
      const result = await client.query(
        `update billing_webhook_events set applied_at = $2, last_error = null,
           claim_token = null, claimed_until = null, payload = null
         where id = $1 and applied_at is null and ($3::text is null or claim_token = $3::text)`,
        [id, appliedAt.toISOString(), claimToken ?? null],
      );
      return result.affectedRows > 0;
    },

    async markWebhookEventFailed(id: string, error: string, claimToken?: string) {
      await client.query(
        `update billing_webhook_events set last_error = $2,
           claimed_until = case when claim_token = $3::text then null else claimed_until end,
           claim_token = case when claim_token = $3::text then null else claim_token end
         where id = $1 and applied_at is null`,
        [id, error, claimToken ?? null],
      );
    },

    async listPendingWebhookEvents(limit: number) {
      const { rows } = await client.query<{ id: string; type: string; payload: string }>(
        `select id, type, payload::text as payload from billing_webhook_events as e
         where payload is not null and ${CLAIMABLE}
         order by received_at, id limit $1`,
        [limit],
      );
      return rows;
    },

    async listWebhookEvents() {
      const { rows } = await client.query<WebhookEventRow>(
        `select id, type, received_at, attempts, last_error, applied_at
         from billing_webhook_events order by received_at, id`,
      );
      return rows.map(toWebhookEventRecord);
    },

    async replaceCustomerWallet(wallet: CustomerWalletRow) {
      return client.transaction(async (tx) => {
        // The conditional upsert takes the wallet row's lock: racing re-reads of one customer serialise here and
        // the older one changes nothing.
        const written = await tx.query(
          `insert into billing_customer_wallets (customer_id, default_payment_method_id, version)
           values ($1, $2, $3)
           on conflict (customer_id) do update set
             default_payment_method_id = excluded.default_payment_method_id, version = excluded.version
           where billing_customer_wallets.version <= excluded.version`,
          [wallet.customerId, wallet.defaultPaymentMethodId, wallet.version],
        );
        if (written.affectedRows === 0) return false;
        await tx.query('delete from billing_payment_methods where customer_id = $1', [wallet.customerId]);
        for (const method of wallet.paymentMethods) {
          // A card moved to this customer leaves its previous owner's list.
          await tx.query(
            `insert into billing_payment_methods (id, customer_id, brand, last4, exp_month, exp_year, created)
             values ($1, $2, $3, $4, $5, $6, $7)
             on conflict (id) do update set customer_id = excluded.customer_id, brand = excluded.brand,
               last4 = excluded.last4, exp_month = excluded.exp_month, exp_year = excluded.exp_year,
               created = excluded.created`,
            [
              method.id,
              wallet.customerId,
              method.brand,
              method.last4,
              method.expMonth,
              method.expYear,
              method.created,
            ],
          );
        }
        return true;
      });
    },

    async getCustomerWallet(customerId: string) {
      const wallet = await client.query<{ default_payment_method_id: string | null }>(
        'select default_payment_method_id from billing_customer_wallets where customer_id = $1',
        [customerId],
      );
      const methods = await client.query<PaymentMethodRow>(
        `select id, customer_id, brand, last4, exp_month, exp_year, created from billing_payment_methods
         where customer_id = $1 order by created desc, id`,
        [customerId],
      );
      return {
        defaultPaymentMethodId: wallet.rows[0]?.default_payment_method_id ?? null,
        paymentMethods: methods.rows.map(toPaymentMethodMirrorRow),
      };
    },

    async findPaymentMethodCustomer(paymentMethodId: string) {
      const { rows } = await client.query<{ customer_id: string }>(
        'select customer_id from billing_payment_methods where id = $1',
        [paymentMethodId],
      );
      return rows[0]?.customer_id ?? null;
    },

    async upsertInvoice(row: InvoiceMirrorRow) {
      const result = await client.query(
        `insert into billing_invoices (${invoiceColumns})
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         on conflict (id) do update set customer_id = excluded.customer_id,
           subscription_id = excluded.subscription_id, number = excluded.number, status = excluded.status,
           amount_due = excluded.amount_due, amount_paid = excluded.amount_paid, currency = excluded.currency,
           created = excluded.created, period_start = excluded.period_start, period_end = excluded.period_end,
           hosted_invoice_url = excluded.hosted_invoice_url, invoice_pdf = excluded.invoice_pdf,
           finalized_at = excluded.finalized_at, version = excluded.version
         where billing_invoices.version <= excluded.version`,
        [
          row.id,
          row.customerId,
          row.subscriptionId,
          row.number,
          row.status,
          row.amountDue,
          row.amountPaid,
          row.currency,
          row.created,
          row.periodStart,
          row.periodEnd,
          row.hostedInvoiceUrl,
          row.invoicePdf,
          row.finalizedAt,
          row.version,
        ],
      );
      return result.affectedRows > 0;
    },

    async deleteInvoice(invoiceId: string) {
      await client.query('delete from billing_invoices where id = $1', [invoiceId]);
    },

    async getInvoices(customerId: string) {
      const { rows } = await client.query<InvoiceRow>(
        `select ${invoiceColumns} from billing_invoices where customer_id = $1 order by created desc, id desc`,
        [customerId],
      );
      return rows.map(toInvoiceMirrorRow);
    },

    async findInvoice(invoiceId: string) {
      const { rows } = await client.query<InvoiceRow>(
        `select ${invoiceColumns} from billing_invoices where id = $1`,
        [invoiceId],
      );
      const row = rows[0];
      return row ? toInvoiceMirrorRow(row) : null;
    },

    async recordSetupIntent(setupIntentId: string, customerId: string) {
      await client.query(
        `insert into billing_setup_intents (id, customer_id) values ($1, $2)
         on conflict (id) do nothing`,
        [setupIntentId, customerId],
      );
    },

    async findSetupIntentCustomer(setupIntentId: string) {
      const { rows } = await client.query<{ customer_id: string }>(
        'select customer_id from billing_setup_intents where id = $1',
        [setupIntentId],
      );
      return rows[0]?.customer_id ?? null;
    },

    async beginIdempotentRequest(request, timing) {
      const olderThan = (param: string) => `now() - ${param}::double precision * interval '1 millisecond'`;
      // Opportunistic cleanup, cheap on the created_at index: records outlive their retention by at most the time
      // until the next keyed request.
      await client.query(`delete from billing_idempotent_requests where created_at < ${olderThan('$1')}`, [
        timing.retentionMs,
      ]);
      for (let attempt = 0; attempt < IDEMPOTENT_BEGIN_ATTEMPTS; attempt++) {
        // One statement inserts or takes over: the row lock of `on conflict` makes concurrent callers take turns,
        // and each later one sees the first's fresh `started_at`, so only one acquires. The database clock is the
        // one every process shares.
        const inserted = await client.query<IdempotentRequestRow>(
          `insert into billing_idempotent_requests as r (key, fingerprint, token) values ($1, $2, $3)
           on conflict (key) do update set fingerprint = excluded.fingerprint, token = excluded.token,
             status = null, response_body = null, response_headers = null, completed_at = null,
             created_at = case when r.created_at < ${olderThan('$5')} then now() else r.created_at end,
             started_at = now()
           where r.created_at < ${olderThan('$5')}
             or (r.completed_at is null and r.fingerprint = excluded.fingerprint
                 and r.started_at < ${olderThan('$4')})
           returning ${idempotentRequestColumns}`,
          [request.key, request.fingerprint, request.token, timing.staleAfterMs, timing.retentionMs],
        );
        const mine = inserted.rows[0];
        if (mine) return { acquired: true, record: toIdempotentRequestRecord(mine) };
        const existing = await client.query<IdempotentRequestRow>(
          `select ${idempotentRequestColumns} from billing_idempotent_requests where key = $1`,
          [request.key],
        );
        const theirs = existing.rows[0];
        if (theirs) return { acquired: false, record: toIdempotentRequestRecord(theirs) };
        // Abandoned between the two statements (its request failed): the key is free again.
      }
      throw new Error('beginIdempotentRequest: the record of this key kept changing; retry the request.');
    },

    async completeIdempotentRequest(key, token, answer) {
      const result = await client.query(
        `update billing_idempotent_requests
         set status = $3, response_body = $4, response_headers = $5::jsonb, completed_at = now(), token = null
         where key = $1 and token = $2`,
        [key, token, answer.status, answer.body, JSON.stringify(answer.headers)],
      );
      return result.affectedRows > 0;
    },

    async abandonIdempotentRequest(key, token) {
      await client.query('delete from billing_idempotent_requests where key = $1 and token = $2', [
        key,
        token,
      ]);
    },

    close: () => client.close(),
  };
}
