import { isBillingApiError } from '../provider/billing-api-error.js';

/**
 * Whether trying an action again after `error` is the same attempt (keep its idempotency key) or a new one.
 * No answer or a retryable failure: the server may have done it or may do it, so the same key makes sure it happens
 * once. A definite refusal (a declined card, a conflict): Stripe would replay the refusal for the same key, and the
 * customer's next try is a new action anyway.
 */
export function isSameAttemptAfter(error: unknown): boolean {
  return isBillingApiError(error) && (error.code === 'network_error' || error.retryable);
}
