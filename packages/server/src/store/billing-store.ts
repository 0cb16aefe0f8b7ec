import type { Price, SubscriptionSummary } from '@billing-kit/core';

/** A Stripe product of the configured catalog, as `syncCatalog()` last read it. */
export interface CatalogProduct {
  /** Stripe product id (`prod_...`). */
  id: string;
  name: string;
  description: string | null;
  /** Archived products stay stored but are hidden from the catalog. */
  active: boolean;
  /** Active recurring monthly and yearly prices, in display order. */
  prices: Price[];
}

/** One mirrored subscription: the summary the API answers with, plus what the server needs to keep it right. */
export interface SubscriptionMirrorRow extends SubscriptionSummary {
  /** Stripe customer id the subscription belongs to. */
  customerId: string;
  /**
   * Monotonic version of the Stripe state this row was written from (unix milliseconds). A write carrying an older
   * version than the stored one is ignored, so a slow re-read can never overwrite a newer one.
   */
  version: number;
}

/** One Stripe event as the webhook ledger remembers it. */
export interface WebhookEventRecord {
  /** Stripe event id (`evt_...`): the ledger's primary key, so a redelivery is recognised. */
  id: string;
  /** Stripe event type, e.g. `customer.subscription.updated`. */
  type: string;
  /** When the first delivery arrived. */
  receivedAt: Date;
  /** How many deliveries arrived, the first included. */
  attempts: number;
  /** Why the last attempt to apply failed; null once applied or when no attempt failed. */
  lastError: string | null;
  /** When the event was applied to the mirror; null while it is not. */
  appliedAt: Date | null;
}

/**
 * Where billing-kit keeps its mirror of Stripe (catalog, subscriptions) and its webhook ledger. Routes read from
 * here so a page costs zero Stripe calls. `createPGliteStore()` is the default implementation; the SQL is plain
 * PostgreSQL, so a store over a PostgreSQL server shares it.
 */
export interface BillingStore {
  /** Stores a product and replaces all of its prices with `product.prices`. */
  saveCatalogProduct(product: CatalogProduct): Promise<void>;
  /** Every stored product with its prices. */
  listCatalogProducts(): Promise<CatalogProduct[]>;
  /** The stored price with that id, or null when it is not in the catalog. */
  findCatalogPrice(priceId: string): Promise<Price | null>;

  /**
   * Writes a mirrored subscription unless the stored row has a newer `version`.
   * @returns whether the row was written.
   */
  upsertSubscription(row: SubscriptionMirrorRow): Promise<boolean>;
  /** The customer's mirrored subscriptions, newest first. */
  getSubscriptions(customerId: string): Promise<SubscriptionSummary[]>;

  /**
   * Records one delivery of an event: inserts it, or counts one more attempt when the id is known.
   * @returns the ledger entry after this delivery was counted.
   */
  recordWebhookEvent(event: { id: string; type: string; receivedAt: Date }): Promise<WebhookEventRecord>;
  /** Marks an event applied and clears its last error. */
  markWebhookEventApplied(id: string, appliedAt: Date): Promise<void>;
  /** Remembers why applying an event failed; a later delivery tries again. */
  markWebhookEventFailed(id: string, error: string): Promise<void>;
  /** Every ledger entry, oldest first. */
  listWebhookEvents(): Promise<WebhookEventRecord[]>;

  /** Releases the database. The store must not be used afterwards. */
  close(): Promise<void>;
}
