import type { ApiErrorCode } from '@billing-kit/core';

/**
 * What went wrong, as a stable code to switch on. The server's codes from `@billing-kit/core`, plus two the
 * client raises itself: `network_error` (the request never got an answer) and `invalid_response` (the answer did
 * not match the contract, usually a wrong `baseUrl` or mismatched package versions).
 */
export type BillingErrorCode = ApiErrorCode | 'network_error' | 'invalid_response';

/** Details carried by a {@link BillingApiError}. */
export interface BillingApiErrorDetails {
  code: BillingErrorCode;
  message: string;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** Dotted path of the offending field for `invalid_request`. */
  field?: string | undefined;
  /** Stripe's decline code for `card_declined`. */
  declineCode?: string | undefined;
  /** True when the same request may succeed if sent again later. */
  retryable?: boolean | undefined;
}

/**
 * The one error type the billing client throws. For server errors `message` is plain words safe to show an end
 * customer; for `network_error` and `invalid_response` it is meant for the developer and the components show a
 * generic sentence instead.
 */
export class BillingApiError extends Error {
  override readonly name = 'BillingApiError';
  readonly code: BillingErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly declineCode: string | undefined;
  readonly retryable: boolean;

  constructor(details: BillingApiErrorDetails, options?: { cause?: unknown }) {
    super(details.message, options);
    this.code = details.code;
    this.status = details.status;
    this.field = details.field;
    this.declineCode = details.declineCode;
    this.retryable = details.retryable ?? false;
  }
}

/** True when `error` is a {@link BillingApiError}, across bundle copies too (checks the name, not the prototype). */
export function isBillingApiError(error: unknown): error is BillingApiError {
  return error instanceof BillingApiError || (error instanceof Error && error.name === 'BillingApiError');
}
