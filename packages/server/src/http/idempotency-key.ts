import { IDEMPOTENCY_HEADER } from '@billing-kit/core';
import { ApiError } from './api-error.js';

const MAX_CLIENT_KEY_LENGTH = 255;

/**
 * The idempotency key sent to Stripe for one customer action. It is derived from the client's `Idempotency-Key`
 * header, the route and the customer, so a double click (same header) creates one object while two customers or two
 * routes can never share a key. Without the header every request counts as its own action.
 * Web Crypto rather than `node:crypto` keeps the handler runnable on edge runtimes.
 */
export async function deriveIdempotencyKey(
  request: Request,
  routeName: string,
  customerId: string,
): Promise<string> {
  const clientKey = request.headers.get(IDEMPOTENCY_HEADER);
  if (clientKey !== null && (clientKey.length === 0 || clientKey.length > MAX_CLIENT_KEY_LENGTH)) {
    throw new ApiError(
      400,
      'invalid_request',
      `The ${IDEMPOTENCY_HEADER} header must be 1 to 255 characters.`,
      {
        field: IDEMPOTENCY_HEADER,
      },
    );
  }
  const material = new TextEncoder().encode(
    `${routeName}\n${customerId}\n${clientKey ?? crypto.randomUUID()}`,
  );
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', material));
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `billing-kit-${routeName}-${hex}`;
}
