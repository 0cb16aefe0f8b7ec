import type Stripe from 'stripe';
import type { EmulatorClock } from './clock.js';
import type { EmulatorState, StoredObject } from './state.js';

/** What an event can be about: a stored object, or the id-less preview that `invoice.upcoming` carries. */
export type EventObject = StoredObject | Omit<Stripe.Invoice, 'id'>;

/** Records an event about `object` (a snapshot is taken now) and queues its webhook deliveries. */
export type EmitEvent = (
  type: Stripe.Event.Type,
  object: EventObject,
  previousAttributes?: Record<string, unknown>,
) => Stripe.Event;

/** What every resource handler works with: the store, the emulated clock and the event recorder. */
export interface EmulatorContext {
  state: EmulatorState;
  clock: EmulatorClock;
  emitEvent: EmitEvent;
  /**
   * The emulator's own base URL (`http://127.0.0.1:12111`, no trailing slash), set once the server listens. Used
   * for URLs the emulator serves itself: `hosted_invoice_url` is `${baseUrl}/invoices/<id>` and `invoice_pdf`
   * `${baseUrl}/invoices/<id>.pdf`.
   */
  baseUrl: string;
}

/**
 * The top-level attributes of `before` that differ in `after`, with their old values: Stripe's
 * `data.previous_attributes` on `*.updated` events.
 */
export function previousAttributes(before: object, after: object): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  const beforeRecord = before as Record<string, unknown>;
  const afterRecord = after as Record<string, unknown>;
  for (const key of Object.keys(afterRecord)) {
    if (JSON.stringify(beforeRecord[key]) !== JSON.stringify(afterRecord[key])) {
      changed[key] = beforeRecord[key] ?? null;
    }
  }
  return changed;
}
