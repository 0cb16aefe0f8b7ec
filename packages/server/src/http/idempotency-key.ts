import { IDEMPOTENCY_HEADER } from '@billing-kit/core';
import { ApiError } from './api-error.js';

const MAX_CLIENT_KEY_LENGTH = 255;

/** Whether a client's `Idempotency-Key` header value is usable: 1 to 255 characters (other values get a 400). */
export function isAcceptableClientKey(clientKey: string): boolean {
  return clientKey.length > 0 && clientKey.length <= MAX_CLIENT_KEY_LENGTH;
}

/** The SHA-256 of `material`, in hex. Web Crypto: the handler must run on edge runtimes too. */
export async function sha256Hex(material: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof material === 'string' ? new TextEncoder().encode(material) : material;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

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
  if (clientKey !== null && !isAcceptableClientKey(clientKey)) {
    throw new ApiError(
      400,
      'invalid_request',
      `The ${IDEMPOTENCY_HEADER} header must be 1 to 255 characters.`,
      {
        field: IDEMPOTENCY_HEADER,
      },
    );
  }
  const hex = await sha256Hex(`${routeName}\n${customerId}\n${clientKey ?? crypto.randomUUID()}`);
  return `billing-kit-${routeName}-${hex}`;
}
