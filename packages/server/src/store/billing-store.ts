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

/** A claim on a ledger entry: whoever holds the token applies the event until the lease runs out. */
export interface WebhookClaim {
  /** Random, unique per attempt. */
  token: string;
  /** How long the claim holds. A claim older than this belonged to a process that died midway. */
  leaseMs: number;
}

/** An accepted event that still has to be applied. */
export interface PendingWebhookEvent {
  id: string;
  type: string;
  /** The verified event, as JSON. */
  payload: string;
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
  /** The stored product with that id and its prices, or null. One query: webhook applies call it per event. */
  findCatalogProduct(productId: string): Promise<CatalogProduct | null>;

  /**
   * Writes a mirrored subscription unless the stored row has a newer `version`.
   * @returns whether the row was written.
   */
  upsertSubscription(row: SubscriptionMirrorRow): Promise<boolean>;
  /** The customer's mirrored subscriptions, newest first. */
  getSubscriptions(customerId: string): Promise<SubscriptionSummary[]>;
  /** Mirrored subscription rows (all customers', or one customer's), for `reconcile()`. */
  listSubscriptionRows(filter?: { customerId?: string }): Promise<SubscriptionMirrorRow[]>;
  /** Forgets a mirrored subscription Stripe does not know (a row written by mistake). */
  deleteSubscription(subscriptionId: string): Promise<void>;

  /**
   * Records one delivery of an event: inserts it, or counts one more attempt when the id is known. With `claim`,
   * also claims it in the same statement when it is unapplied and nobody holds a live claim, so that of any number
   * of concurrent deliveries exactly one applies it.
   * @returns the ledger entry after this delivery was counted, and whether this delivery holds the claim.
   */
  recordWebhookEvent(
    event: { id: string; type: string; receivedAt: Date; payload?: string },
    claim?: WebhookClaim,
  ): Promise<WebhookEventRecord & { claimed: boolean }>;
  /** Claims an unapplied event nobody holds a live claim on (for `drain()`). @returns whether it was claimed. */
  claimWebhookEvent(id: string, claim: WebhookClaim): Promise<boolean>;
  /**
   * Marks an event applied, clears its last error and claim, and drops its stored payload. With `claimToken`, only
   * while that claim is still the event's: a claimant whose lease ran out and was taken over records nothing (its
   * apply was a redundant re-read; the new claimant records the application). So the ledger records each event's
   * application once, by exactly one claimant.
   * @returns whether this call recorded the application (false when it was applied already or the claim was lost).
   */
  markWebhookEventApplied(id: string, appliedAt: Date, claimToken?: string): Promise<boolean>;
  /**
   * Remembers why applying an event failed and releases the claim `claimToken` holds (a claim taken over by
   * someone else is left alone); a later delivery or `drain()` tries again.
   */
  markWebhookEventFailed(id: string, error: string, claimToken?: string): Promise<void>;
  /** Unapplied events with a stored payload and no live claim, oldest first: what `drain()` has to apply. */
  listPendingWebhookEvents(limit: number): Promise<PendingWebhookEvent[]>;
  /** Every ledger entry, oldest first. */
  listWebhookEvents(): Promise<WebhookEventRecord[]>;

  /**
   * Replaces a customer's mirrored cards and default with a fresh read from Stripe, unless the stored wallet has a
   * newer `version`. @returns whether it was written.
   */
  replaceCustomerWallet(wallet: CustomerWalletRow): Promise<boolean>;
  /** The customer's mirrored cards (newest first) and default; empty when never synced. */
  getCustomerWallet(customerId: string): Promise<CustomerWallet>;
  /** The customer a mirrored card belongs to, or null when the mirror does not know the card. */
  findPaymentMethodCustomer(paymentMethodId: string): Promise<string | null>;
  /** Writes a mirrored invoice unless the stored row has a newer `version`. @returns whether it was written. */
  upsertInvoice(row: InvoiceMirrorRow): Promise<boolean>;
  /** Forgets an invoice Stripe no longer has (a deleted draft). */
  deleteInvoice(invoiceId: string): Promise<void>;
  /** The customer's mirrored invoices, drafts included, newest first. */
  getInvoices(customerId: string): Promise<InvoiceMirrorRow[]>;
  /** One mirrored invoice, or null. */
  findInvoice(invoiceId: string): Promise<InvoiceMirrorRow | null>;
  /** Remembers that this server created a SetupIntent for a customer. */
  recordSetupIntent(setupIntentId: string, customerId: string): Promise<void>;
  /** The customer a SetupIntent was created for by this server, or null. */
  findSetupIntentCustomer(setupIntentId: string): Promise<string | null>;

  /**
   * Starts one request sent with an `Idempotency-Key`, or finds the earlier one. Inserts a record "in progress"
   * held by `request.token` when the key is new (or its record is older than `retentionMs`, then forgotten), and
   * takes over a record still in progress whose `startedAt` is older than `staleAfterMs` and whose fingerprint is
   * the same (its runner died midway). Otherwise leaves the record alone. Deletes records older than `retentionMs`
   * on the way. Of any number of concurrent calls with one key, at most one acquires it.
   * @returns whether this call holds the record (then run the request and call `complete...` or `abandon...`), and
   * the record as it now is.
   */
  beginIdempotentRequest(
    request: { key: string; fingerprint: string; token: string },
    timing: { staleAfterMs: number; retentionMs: number },
  ): Promise<{ acquired: boolean; record: IdempotentRequestRecord }>;
  /**
   * Stores the final answer of a request this caller holds (`token`), so resends replay it.
   * @returns false when the record was taken over (or deleted) meanwhile: nothing was stored.
   */
  completeIdempotentRequest(key: string, token: string, answer: IdempotentAnswer): Promise<boolean>;
  /** Deletes the record this caller holds (`token`), so a retry with the same key runs the request again. */
  abandonIdempotentRequest(key: string, token: string): Promise<void>;

  /** Releases the database. The store must not be used afterwards. */
  close(): Promise<void>;
}

/** The answer of a request sent with an `Idempotency-Key`, as stored for replay. */
export interface IdempotentAnswer {
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** The response body as text (empty for none). */
  body: string;
}

/** A request sent with an `Idempotency-Key`: in progress (`answer` null) or completed. */
export interface IdempotentRequestRecord {
  /** SHA-256 (hex) of customer, route and client key. */
  key: string;
  /** SHA-256 (hex) of what makes the request itself (path and body): a resend has the same one. */
  fingerprint: string;
  /** When the key was first used. */
  createdAt: Date;
  /** When its current runner started (the first request, or whoever took it over). */
  startedAt: Date;
  /** When the answer was stored; null while in progress. */
  completedAt: Date | null;
  /** The stored answer; null while in progress. */
  answer: IdempotentAnswer | null;
}

/** One saved card as the wallet mirror holds it. */
export interface PaymentMethodMirrorRow {
  /** Stripe payment method id (`pm_...`). */
  id: string;
  customerId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** Unix seconds the payment method was created. */
  created: number;
}

/** A customer's cards and the one renewals are charged to. */
export interface CustomerWallet {
  /** The effective default: the current subscription's default card, else the customer's invoice default. */
  defaultPaymentMethodId: string | null;
  /** Newest first. */
  paymentMethods: PaymentMethodMirrorRow[];
}

/** A whole wallet read from Stripe at once, written as one unit. */
export interface CustomerWalletRow extends CustomerWallet {
  customerId: string;
  /** Unix ms at which the re-read from Stripe started; see {@link SubscriptionMirrorRow.version}. */
  version: number;
}

/** One mirrored invoice: what the API lists plus what payments and entitlements need. */
export interface InvoiceMirrorRow {
  id: string;
  customerId: string;
  /** The subscription the invoice bills, if any. */
  subscriptionId: string | null;
  number: string | null;
  status: 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';
  amountDue: number;
  amountPaid: number;
  currency: string;
  /** Unix seconds. */
  created: number;
  periodStart: number;
  periodEnd: number;
  hostedInvoiceUrl: string | null;
  invoicePdf: string | null;
  /** Unix seconds the invoice was finalized, when its first payment attempt happens; null for drafts. */
  finalizedAt: number | null;
  /** Unix ms at which the re-read from Stripe started. */
  version: number;
}
