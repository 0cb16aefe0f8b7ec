import type { Price, SubscriptionSummary } from '@billing-kit/core';
import type {
  BillingStore,
  CatalogProduct,
  SubscriptionMirrorRow,
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
}

interface WebhookEventRow {
  id: string;
  type: string;
  received_at: Date | string;
  attempts: number;
  last_error: string | null;
  applied_at: Date | string | null;
}

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
           synced_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         on conflict (id) do update set customer_id = excluded.customer_id, status = excluded.status,
           plan_id = excluded.plan_id, plan_name = excluded.plan_name, price_id = excluded.price_id,
           interval = excluded.interval, currency = excluded.currency, unit_amount = excluded.unit_amount,
           quantity = excluded.quantity, current_period_start = excluded.current_period_start,
           current_period_end = excluded.current_period_end, cancel_at_period_end = excluded.cancel_at_period_end,
           trial_end = excluded.trial_end, synced_at = excluded.synced_at, version = excluded.version
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
        ],
      );
      return result.affectedRows > 0;
    },

    async getSubscriptions(customerId: string) {
      const { rows } = await client.query<SubscriptionRow>(
        `select id, status, plan_id, plan_name, price_id, interval, currency, unit_amount, quantity,
           current_period_start, current_period_end, cancel_at_period_end, trial_end, synced_at
         from billing_subscriptions where customer_id = $1
         order by current_period_start desc, id`,
        [customerId],
      );
      return rows.map(toSummary);
    },

    async recordWebhookEvent(event) {
      const { rows } = await client.query<WebhookEventRow>(
        `insert into billing_webhook_events (id, type, received_at, attempts)
         values ($1, $2, $3, 1)
         on conflict (id) do update set attempts = billing_webhook_events.attempts + 1
         returning id, type, received_at, attempts, last_error, applied_at`,
        [event.id, event.type, event.receivedAt.toISOString()],
      );
      const row = rows[0];
      if (!row) throw new Error(`The webhook ledger did not return event ${event.id} after recording it.`);
      return toWebhookEventRecord(row);
    },

    async markWebhookEventApplied(id: string, appliedAt: Date) {
      await client.query(
        'update billing_webhook_events set applied_at = $2, last_error = null where id = $1',
        [id, appliedAt.toISOString()],
      );
    },

    async markWebhookEventFailed(id: string, error: string) {
      await client.query('update billing_webhook_events set last_error = $2 where id = $1', [id, error]);
    },

    async listWebhookEvents() {
      const { rows } = await client.query<WebhookEventRow>(
        `select id, type, received_at, attempts, last_error, applied_at
         from billing_webhook_events order by received_at, id`,
      );
      return rows.map(toWebhookEventRecord);
    },

    close: () => client.close(),
  };
}
