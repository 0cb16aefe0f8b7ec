import { ApiError } from '../http/api-error.js';
import { jsonResponse } from '../http/json-response.js';
import type { RouteHandler } from '../routes/route-context.js';
import { applyWebhookEvent } from './apply-webhook-event.js';
import { verifyWebhook } from './verify-webhook.js';

/** Short, secret-free description of why applying failed, for the ledger's `last_error`. */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.slice(0, 1000);
}

/**
 * `POST {basePath}/webhooks`: verify the signature on the raw bytes, record the delivery in the ledger, then apply
 * the event (unless a previous delivery already did) and mark it applied. Answers 2xx only once the event is
 * applied; a failure is recorded in the ledger and answered 500 so that Stripe delivers it again.
 */
export const handleWebhook: RouteHandler = async (request, context) => {
  const event = await verifyWebhook(request, context.stripe, context.webhookSecret);
  const record = await context.store.recordWebhookEvent({
    id: event.id,
    type: event.type,
    receivedAt: new Date(),
  });
  if (record.appliedAt !== null) {
    return jsonResponse({ received: true, duplicate: true });
  }

  try {
    await applyWebhookEvent(context.stripe, context.store, event);
  } catch (error) {
    await context.store.markWebhookEventFailed(event.id, describeFailure(error));
    throw new ApiError(500, 'internal_error', 'The event could not be applied yet; it will be retried.', {
      retryable: true,
      cause: error,
    });
  }
  await context.store.markWebhookEventApplied(event.id, new Date());
  return jsonResponse({ received: true });
};
