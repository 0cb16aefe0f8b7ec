import type Stripe from 'stripe';
import { API_VERSION } from '../api-version.js';
import type { EmulatorClock } from '../clock.js';
import type { EmitEvent } from '../context.js';
import { createId } from '../ids.js';
import { snapshot } from '../server/expand.js';
import type { EmulatorState } from '../state.js';
import type { WebhookDeliveryQueue } from './delivery-queue.js';

function endpointWants(endpoint: Stripe.WebhookEndpoint, type: string): boolean {
  return (
    endpoint.status === 'enabled' &&
    (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type))
  );
}

/**
 * Creates `emitEvent`: stores a `Stripe.Event` with a snapshot of the object (and `previous_attributes` on updates)
 * and queues one signed delivery per enabled webhook endpoint.
 */
export function createEventRecorder(
  state: EmulatorState,
  clock: EmulatorClock,
  queue: WebhookDeliveryQueue,
): EmitEvent {
  return (type, object, previousAttributes) => {
    const endpoints = [...state.webhookEndpoints.values()].filter((endpoint) =>
      endpointWants(endpoint, type),
    );
    const event: Stripe.EventBase = {
      id: createId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: clock.now(),
      data: {
        object: snapshot(object) as Stripe.Event.Data.Object,
        ...(previousAttributes === undefined
          ? {}
          : { previous_attributes: snapshot(previousAttributes) as Stripe.Event.Data.PreviousAttributes }),
      },
      livemode: false,
      pending_webhooks: endpoints.length,
      request: { id: null, idempotency_key: null },
      type,
    };
    const stored = event as Stripe.Event;
    state.events.set(event.id, stored);
    const payload = JSON.stringify(event, null, 2);
    for (const endpoint of endpoints) {
      const secret = state.webhookSecrets.get(endpoint.id);
      if (secret === undefined) continue;
      queue.enqueue({
        eventId: event.id,
        eventType: type,
        endpointId: endpoint.id,
        url: endpoint.url,
        secret,
        payload,
      });
    }
    return stored;
  };
}
