import { isBillingApiError } from '../provider/billing-api-error.js';
import type { BillingContextValue } from '../provider/billing-context.js';
import { cardErrorMessage } from './card-error-message.js';

/**
 * The sentence a customer sees for an error of the billing client: card refusals in the kit's (translatable) words,
 * other refusals in the server's plain words, and `fallback` for anything a customer cannot act on.
 */
export function customerMessage(
  error: unknown,
  messages: BillingContextValue['messages'],
  fallback: string = messages.planChangeFailed,
): string {
  if (!isBillingApiError(error)) return fallback;
  switch (error.code) {
    case 'network_error':
    case 'stripe_unavailable':
      return messages.paymentUnavailable;
    case 'invalid_response':
    case 'internal_error':
      return fallback;
    case 'card_declined':
      return cardErrorMessage(
        {
          type: 'card_error',
          code: 'card_declined',
          decline_code: error.declineCode,
          message: error.message,
        },
        messages,
      );
    default:
      // The server's messages are written for customers ("Your card was declined.").
      return error.message;
  }
}
