import type { StripeError } from '@stripe/stripe-js';
import type { BillingMessages } from '../i18n/messages.js';

/**
 * Plain words for a card or bank refusal from Stripe.js, from the kit's messages so they can be translated; Stripe's
 * own (English) sentence only for codes the kit does not know.
 */
export function cardErrorMessage(
  error: Pick<StripeError, 'code' | 'decline_code' | 'message' | 'type'>,
  messages: BillingMessages,
): string {
  const code =
    error.decline_code && error.decline_code !== 'generic_decline' ? error.decline_code : error.code;
  switch (code) {
    case 'insufficient_funds':
      return messages.cardErrorInsufficientFunds;
    case 'expired_card':
      return messages.cardErrorExpired;
    case 'incorrect_cvc':
    case 'invalid_cvc':
      return messages.cardErrorIncorrectCvc;
    case 'incorrect_number':
    case 'invalid_number':
      return messages.cardErrorIncorrectNumber;
    case 'processing_error':
      return messages.cardErrorProcessing;
    case 'payment_intent_authentication_failure':
    case 'setup_intent_authentication_failure':
    case 'authentication_required':
      return messages.cardErrorAuthentication;
    case 'card_declined':
    case 'generic_decline':
    case 'do_not_honor':
      return messages.cardErrorDeclined;
    default:
      // Validation errors ("Your card number is incomplete.") are Stripe.js's own words, shown by its fields too.
      return error.message ?? messages.paymentFailed;
  }
}
