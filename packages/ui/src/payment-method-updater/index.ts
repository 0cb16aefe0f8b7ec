export { cardBrandName } from './card-label.js';
export {
  PaymentMethodAddCard,
  PaymentMethodItem,
  PaymentMethodUpdater,
  PaymentMethodUpdaterPastDue,
  type PaymentMethodUpdaterProps,
} from './payment-method-updater.js';
export {
  type UseAddPaymentMethodOptions,
  type UseAddPaymentMethodResult,
  useAddPaymentMethod,
} from './use-add-payment-method.js';
export {
  type PaymentMethodModel,
  type PaymentMethodsOutcome,
  paymentMethodsOutcomeMessage,
  type UsePaymentMethodsResult,
  usePaymentMethods,
} from './use-payment-methods.js';
