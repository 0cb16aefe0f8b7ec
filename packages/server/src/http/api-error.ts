import type { ApiErrorBody, ApiErrorCode } from '@billing-kit/core';

/** Extra fields an {@link ApiError} may carry into the response body. */
export interface ApiErrorDetails {
  field?: string;
  declineCode?: string;
  retryable?: boolean;
  /** Response headers, e.g. `Allow` on a 405. */
  headers?: Record<string, string>;
  /** The underlying failure, reported to `onError` for 5xx answers and never sent to the client. */
  cause?: unknown;
}

/**
 * An error the API answers with as `{ error: { code, message, ... } }`. Throw it anywhere below the handler; the
 * message must be plain words safe to show an end customer.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: ApiErrorDetails;

  constructor(status: number, code: ApiErrorCode, message: string, details: ApiErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The response body, as core's `ApiErrorBodySchema` describes it. */
  toBody(): ApiErrorBody {
    const { field, declineCode, retryable } = this.details;
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(field === undefined ? {} : { field }),
        ...(declineCode === undefined ? {} : { declineCode }),
        ...(retryable === undefined ? {} : { retryable }),
      },
    };
  }
}
