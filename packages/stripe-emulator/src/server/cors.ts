import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Stripe-Version',
  'Idempotency-Key',
  'Stripe-Account',
];

/**
 * CORS for browser callers (the fake Stripe.js runs on the app's origin, not the emulator's). Answers the
 * preflight itself and returns true when it did.
 */
export function applyCors(request: IncomingMessage, response: ServerResponse): boolean {
  const origin = request.headers.origin;
  response.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  if (origin) response.setHeader('Vary', 'Origin');
  response.setHeader('Access-Control-Expose-Headers', 'Request-Id, Idempotent-Replayed, Stripe-Version');
  if (request.method !== 'OPTIONS') return false;
  response.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS.join(', '));
  response.setHeader('Access-Control-Max-Age', '600');
  response.statusCode = 204;
  response.end();
  return true;
}
