import type Stripe from 'stripe';
import { ApiError } from '../http/api-error.js';
import { readBodyBytes } from '../http/read-body.js';

/** Stripe events are far smaller; the cap only stops a flood from being buffered. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

function invalidSignature() {
  return new ApiError(400, 'invalid_signature', 'The webhook signature is missing, stale or does not match.');
}

/**
 * Checks the `Stripe-Signature` header against the exact raw bytes of the body with the SDK (HMAC-SHA256 with the
 * endpoint secret, 300 s tolerance) and returns the event. Refuses with 400 `invalid_signature` otherwise.
 */
export async function verifyWebhook(
  request: Request,
  stripe: Stripe,
  webhookSecret: string,
): Promise<Stripe.Event> {
  const signature = request.headers.get('stripe-signature');
  if (!signature) throw invalidSignature();
  const rawBody = await readBodyBytes(request, MAX_WEBHOOK_BODY_BYTES);
  try {
    return await stripe.webhooks.constructEventAsync(rawBody, signature, webhookSecret);
  } catch {
    throw invalidSignature();
  }
}
