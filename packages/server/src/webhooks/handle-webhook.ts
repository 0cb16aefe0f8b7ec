import type Stripe from 'stripe';
import { ApiError } from '../http/api-error.js';
import { jsonResponse } from '../http/json-response.js';
import type { RouteHandler } from '../routes/route-context.js';
import { applyClaimedEvent } from './apply-claimed-event.js';
import { verifyWebhook } from './verify-webhook.js';

/** Settings of the webhook endpoint, resolved from `createBilling`'s `webhooks` option. */
export interface WebhookSettings {
  /** How long a delivery's claim holds before another delivery or `drain()` may take the event over. */
  claimLeaseMs: number;
  /** Web Crypto provider when node:crypto is not to be used; undefined keeps the SDK's default. */
  cryptoProvider: Stripe.CryptoProvider | undefined;
}

/**
 * `POST {basePath}/webhooks`: verify the signature on the raw bytes; record the delivery in the ledger and claim the
 * event in one statement (durable before any answer); apply it unless it is applied already or another delivery
 * holds the claim; mark it applied. Answers:
 * - 200 `{ received: true }` once applied, 200 `{ received: true, duplicate: true }` when it already was;
 * - 409 `conflict` (retryable) while another delivery of the same event is applying it: Stripe delivers again later
 *   and then gets the duplicate answer, or applies it if that other attempt failed;
 * - 500 (retryable) when applying failed: the ledger keeps `last_error`, Stripe retries, `drain()` can apply it.
 */
export function createWebhookHandler(settings: WebhookSettings): RouteHandler {
  return async (request, context) => {
    const { event, rawBody } = await verifyWebhook(
      request,
      context.stripe,
      context.webhookSecret,
      settings.cryptoProvider,
    );
    const claimToken = crypto.randomUUID();
    const record = await context.store.recordWebhookEvent(
      { id: event.id, type: event.type, receivedAt: new Date(), payload: rawBody },
      { token: claimToken, leaseMs: settings.claimLeaseMs },
    );
    if (record.appliedAt !== null) return jsonResponse({ received: true, duplicate: true });
    if (!record.claimed) {
      throw new ApiError(409, 'conflict', 'Another delivery of this event is being applied; retry later.', {
        retryable: true,
      });
    }

    const outcome = await applyClaimedEvent(context, event, claimToken);
    if (!outcome.applied) {
      throw new ApiError(500, 'internal_error', 'The event could not be applied yet; it will be retried.', {
        retryable: true,
        cause: outcome.error,
      });
    }
    return jsonResponse({ received: true });
  };
}
