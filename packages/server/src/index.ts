export { type Billing, createBilling, DEFAULT_CLAIM_LEASE_MS } from './create-billing.js';
export { MAX_JSON_BODY_BYTES } from './http/read-body.js';
export type { BillingErrorReporter } from './http/to-error-response.js';
export type { BillingOptions, CatalogConfig, PlanConfig } from './options.js';
export type {
  ReconcileOptions,
  ReconcileReport,
  SubscriptionDrift,
} from './reconcile/reconcile-subscriptions.js';
export { DEFAULT_GRACE_PERIOD_DAYS } from './routes/compute-entitlements.js';
export type {
  BillingStore,
  CatalogProduct,
  CustomerWallet,
  CustomerWalletRow,
  IdempotentAnswer,
  IdempotentRequestRecord,
  InvoiceMirrorRow,
  PaymentMethodMirrorRow,
  PendingWebhookEvent,
  SubscriptionMirrorRow,
  WebhookClaim,
  WebhookEventRecord,
} from './store/billing-store.js';
export { createPGliteStore, type PGliteStoreOptions } from './store/pglite-store.js';
export { createPostgresStore, type PostgresStoreOptions } from './store/postgres-store.js';
export {
  BILLING_WEBHOOK_EVENTS,
  type BillingWebhookEvent,
} from './webhooks/billing-webhook-events.js';
export type { DrainReport } from './webhooks/drain-webhook-events.js';
export type { WebhookCrypto } from './webhooks/verify-webhook.js';
