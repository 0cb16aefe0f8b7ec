import { createHmac } from 'node:crypto';

/**
 * The `Stripe-Signature` header for `payload`: `t=<unix>,v1=<hex HMAC-SHA256 of "t.payload">`, keyed with the
 * whole `whsec_...` string, exactly as `stripe.webhooks.constructEvent` verifies it.
 */
export function signWebhookPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
