export { BillingPortal, type BillingPortalProps, type BillingPortalSection } from './billing-portal.js';
export { CancelSubscription, type CancelSubscriptionProps } from './cancel-subscription.js';
export { InvoiceHistory, type InvoiceHistoryProps, InvoiceHistoryRow } from './invoice-history.js';
export { PAYMENT_METHODS_SECTION_ID, PastDueBanner, type PastDueBannerProps } from './past-due-banner.js';
export { selectCurrentSubscription } from './select-current-subscription.js';
export {
  NoSubscription,
  SubscriptionSummary,
  type SubscriptionSummaryProps,
} from './subscription-summary.js';
export {
  type CancelSubscriptionAction,
  type UseCancelSubscriptionResult,
  useCancelSubscription,
} from './use-cancel-subscription.js';
export { type UseCurrentSubscriptionResult, useCurrentSubscription } from './use-current-subscription.js';
export { type UseInvoiceHistoryResult, useInvoiceHistory } from './use-invoice-history.js';
export {
  type PastDueFailure,
  type UsePastDueRecoveryResult,
  usePastDueRecovery,
} from './use-past-due-recovery.js';
