export { type Billing, createBilling } from './create-billing.js';
export { MAX_JSON_BODY_BYTES } from './http/read-body.js';
export type { BillingErrorReporter } from './http/to-error-response.js';
export type { BillingOptions, CatalogConfig, PlanConfig } from './options.js';
export type {
  BillingStore,
  CatalogProduct,
  SubscriptionMirrorRow,
  WebhookEventRecord,
} from './store/billing-store.js';
export { createPGliteStore, type PGliteStoreOptions } from './store/pglite-store.js';
