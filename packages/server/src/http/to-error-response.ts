import { ApiError } from './api-error.js';
import { errorResponse } from './json-response.js';
import { isStripeError, stripeErrorToApiError } from './stripe-errors.js';

/** Called with every error the API answers 5xx for, so the host can log it. Never part of the response. */
export type BillingErrorReporter = (error: unknown, request: Request) => void;

/** Turns anything thrown while handling a request into a response that leaks no internals. */
export function toErrorResponse(
  error: unknown,
  request: Request,
  reportError: BillingErrorReporter,
): Response {
  const apiError =
    error instanceof ApiError
      ? error
      : isStripeError(error)
        ? stripeErrorToApiError(error)
        : new ApiError(500, 'internal_error', 'Something went wrong on our side. Please try again later.');
  if (apiError.status >= 500) reportError(apiError === error ? (apiError.cause ?? apiError) : error, request);
  return errorResponse(apiError);
}
