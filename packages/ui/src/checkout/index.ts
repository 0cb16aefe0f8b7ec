export {
  Checkout,
  CheckoutForm,
  type CheckoutFormProps,
  CheckoutOrderSummary,
  type CheckoutOrderSummaryProps,
  CheckoutPromotionCodeField,
  type CheckoutPromotionCodeFieldProps,
  type CheckoutProps,
  CheckoutSkeleton,
} from './checkout.js';
export { resolveStripeAppearance, useResolvedAppearance } from './stripe-appearance.js';
export {
  type CheckoutState,
  type CheckoutStep,
  cardErrorMessage,
  checkoutStatusMessage,
  type UseCheckoutOptions,
  type UseCheckoutResult,
  useCheckout,
} from './use-checkout.js';
export {
  type CheckoutPromotionCode,
  type CheckoutSummary,
  type UseCheckoutSummaryOptions,
  type UseCheckoutSummaryResult,
  useCheckoutSummary,
} from './use-checkout-summary.js';
