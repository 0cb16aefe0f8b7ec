import type { ApiErrorCode } from '@billing-kit/core';

/** A refusal of the in-memory server, answered with the core error envelope (`ApiErrorBodySchema`). */
export class RouteError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: { field?: string; declineCode?: string; retryable?: boolean } = {},
  ) {
    super(message);
    this.name = 'RouteError';
  }

  /** The JSON body the server sends. */
  toBody() {
    return { error: { code: this.code, message: this.message, ...this.details } };
  }
}

/** The server's plain words for a card decline, by decline code (as `@billing-kit/server` words them). */
const DECLINE_MESSAGES: Record<string, string> = {
  insufficient_funds: 'Your card has insufficient funds. Try another card.',
  expired_card: 'Your card has expired. Try another card.',
  incorrect_cvc: "Your card's security code is incorrect.",
  incorrect_number: 'Your card number is incorrect.',
  processing_error: 'We could not process your card. Please try again.',
  authentication_required: 'Your bank needs you to confirm this payment. Please try again.',
};

/** 402 `card_declined` with the decline code, as the server answers a refused off-session charge. */
export function cardDeclined(error: { code: string; decline_code?: string }): RouteError {
  const declineCode = error.decline_code ?? error.code;
  return new RouteError(
    402,
    'card_declined',
    DECLINE_MESSAGES[declineCode] ?? 'Your card was declined. Try another card.',
    {
      declineCode,
    },
  );
}
