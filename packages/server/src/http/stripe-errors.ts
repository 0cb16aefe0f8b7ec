import { ApiError } from './api-error.js';

/** The fields of the SDK's `StripeError` this mapping reads. Duck-typed: the host may load its own copy of `stripe`. */
interface StripeErrorLike {
  type: string;
  statusCode?: number;
  code?: string;
  decline_code?: string;
}

/** Whether `error` was thrown by the Stripe SDK. */
export function isStripeError(error: unknown): error is StripeErrorLike & Error {
  if (!(error instanceof Error)) return false;
  const type: unknown = (error as { type?: unknown }).type;
  return typeof type === 'string' && type.startsWith('Stripe');
}

// Plain words for the decline reasons a customer can act on; anything else gets the generic sentence.
const declineMessages: Record<string, string> = {
  insufficient_funds: 'Your card has insufficient funds. Try another card.',
  expired_card: 'Your card has expired. Try another card.',
  incorrect_cvc: "Your card's security code is incorrect.",
  incorrect_number: 'Your card number is incorrect.',
  processing_error: 'We could not process your card. Please try again.',
  authentication_required: 'Your bank needs you to confirm this payment. Please try again.',
};

/**
 * Translates a Stripe SDK error into what the API may tell a customer: a declined card is 402 `card_declined` with
 * the decline code, Stripe being down or slow is 502 `stripe_unavailable` (retryable), a reused idempotency key is
 * 409 `conflict`. Anything else is a bug or a configuration problem on the host's side: 500 with no Stripe detail.
 */
export function stripeErrorToApiError(error: StripeErrorLike): ApiError {
  switch (error.type) {
    case 'StripeCardError': {
      const declineCode = error.decline_code ?? error.code ?? 'card_declined';
      const message = declineMessages[declineCode] ?? 'Your card was declined. Try another card.';
      return new ApiError(402, 'card_declined', message, { declineCode });
    }
    case 'StripeConnectionError':
    case 'StripeAPIError':
    case 'StripeRateLimitError':
      return new ApiError(
        502,
        'stripe_unavailable',
        'Payments are unavailable right now. Please try again shortly.',
        {
          retryable: true,
        },
      );
    case 'StripeIdempotencyError':
      return new ApiError(
        409,
        'conflict',
        'This action was already sent with different details. Reload and retry.',
      );
    default:
      if ((error.statusCode ?? 0) >= 500) {
        return new ApiError(
          502,
          'stripe_unavailable',
          'Payments are unavailable right now. Please try again shortly.',
          {
            retryable: true,
          },
        );
      }
      return new ApiError(500, 'internal_error', 'Something went wrong on our side. Please try again later.');
  }
}
