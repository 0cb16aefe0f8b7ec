export {
  BillingApiError,
  type BillingApiErrorDetails,
  type BillingErrorCode,
  isBillingApiError,
} from './billing-api-error.js';
export type { BillingContextValue } from './billing-context.js';
export { BillingProvider, type BillingProviderProps, type StripeSource } from './billing-provider.js';
export {
  type BillingClient,
  type BillingClientOptions,
  type BillingMutationOptions,
  type BillingRequestOptions,
  type BillingRouteArgs,
  type BillingRouteInput,
  type BillingRouteMethods,
  type BillingRouteResult,
  createBillingClient,
  createIdempotencyKey,
} from './create-billing-client.js';
export { billingKeys } from './query-keys.js';
export {
  catalogQueryOptions,
  entitlementsQueryOptions,
  invoicesQueryOptions,
  paymentMethodsQueryOptions,
  planChangePreviewQueryOptions,
  subscriptionPreviewQueryOptions,
  subscriptionsQueryOptions,
} from './query-options.js';
export { useBilling } from './use-billing.js';
