import Stripe from 'stripe';
import { ApiError } from '../http/api-error.js';
import { readBodyBytes } from '../http/read-body.js';

/** Stripe events are far smaller; the cap only stops a flood from being buffered. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * Which HMAC implementation checks signatures: `node` (node:crypto), `web` (Web Crypto, for edge runtimes without
 * node:crypto), or `auto` (node:crypto on Node, Web Crypto elsewhere).
 */
export type WebhookCrypto = 'auto' | 'node' | 'web';

function invalidSignature() {
  return new ApiError(400, 'invalid_signature', 'The webhook signature is missing, stale or does not match.');
}

function runsOnNode(): boolean {
  const runtime = globalThis as { process?: { versions?: { node?: string } } };
  return typeof runtime.process?.versions?.node === 'string';
}

/**
 * The crypto provider to hand the SDK: undefined keeps the SDK's default (node:crypto in its Node build), Web
 * Crypto is created once when node:crypto is absent or asked against.
 */
export function webhookCryptoProvider(choice: WebhookCrypto = 'auto'): Stripe.CryptoProvider | undefined {
  if (choice === 'node' || (choice === 'auto' && runsOnNode())) return undefined;
  return Stripe.createSubtleCryptoProvider();
}

/**
 * Verifies the `Stripe-Signature` header against the exact raw bytes of the body with the SDK (HMAC-SHA256 with the
 * endpoint secret, 300 s tolerance) and returns the event and its raw JSON. Refuses with 400 `invalid_signature`
 * otherwise.
 */
export async function verifyWebhook(
  request: Request,
  stripe: Stripe,
  webhookSecret: string,
  cryptoProvider?: Stripe.CryptoProvider,
): Promise<{ event: Stripe.Event; rawBody: string }> {
  const signature = request.headers.get('stripe-signature');
  if (!signature) throw invalidSignature();
  const bytes = await readBodyBytes(request, MAX_WEBHOOK_BODY_BYTES);
  let event: Stripe.Event;
  try {
    event = await stripe.webhooks.constructEventAsync(
      bytes,
      signature,
      webhookSecret,
      undefined,
      cryptoProvider,
    );
  } catch {
    throw invalidSignature();
  }
  // Signed but not an event (or an event without id/type): nothing to record.
  if (typeof event?.id !== 'string' || typeof event.type !== 'string' || event.id === '')
    throw invalidSignature();
  return { event, rawBody: new TextDecoder().decode(bytes) };
}
