export { Checkout, CheckoutForm, CheckoutOrderSummary, type CheckoutProps } from './checkout.js';
export { resolveStripeAppearance } from './stripe-appearance.js';
export {
  type CheckoutState,
  type CheckoutStep,
  checkoutStatusMessage,
  type UseCheckoutOptions,
  type UseCheckoutResult,
  useCheckout,
} from './use-checkout.js';
export {
  type CheckoutSummary,
  type UseCheckoutSummaryOptions,
  useCheckoutSummary,
} from './use-checkout-summary.js';
