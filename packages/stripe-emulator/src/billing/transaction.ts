import type Stripe from 'stripe';
import type { EmulatorContext, EventObject } from '../context.js';
import { snapshot } from '../server/expand.js';

interface BufferedEvent {
  type: Stripe.Event.Type;
  object: EventObject;
  previousAttributes: Record<string, unknown> | undefined;
}

/** A unit of work that either happens entirely (with its events) or leaves no trace: `error_if_incomplete`. */
export interface Transaction {
  /** The context to do the work with: its events are held back until `commit`. */
  ctx: EmulatorContext;
  /** Emits the held-back events, in order. */
  commit(): void;
  /** Forgets the events and puts the store (and the touched objects) back as they were. */
  rollback(): void;
}

function restoreInPlace(target: object, saved: object): void {
  const record = target as Record<string, unknown>;
  for (const key of Object.keys(record)) delete record[key];
  Object.assign(record, snapshot(saved));
}

/**
 * Starts a transaction over the maps a subscription change can touch. `touched` are existing objects the work may
 * mutate in place (the customer, the subscription, coupons): they are restored on rollback.
 */
export function beginTransaction(ctx: EmulatorContext, touched: readonly object[]): Transaction {
  const { state } = ctx;
  const maps: Array<Map<string, unknown>> = [
    state.subscriptions,
    state.invoices,
    state.paymentIntents,
    state.setupIntents,
    state.charges,
    state.discounts,
    state.invoicePaymentIntents,
    state.paymentIntentInvoices,
    state.invoiceConfirmationSecrets,
    state.invoiceSequences,
    state.billing.pendingLines,
    state.billing.dunningRecords,
    state.billing.pendingUpdateInvoices,
    state.billing.pendingUpdateItems,
  ] as Array<Map<string, unknown>>;
  const savedMaps = maps.map((map) => new Map(map));
  const savedObjects = touched.map((object) => snapshot(object));
  const savedPendingLines = new Map(
    [...state.billing.pendingLines].map(([key, lines]) => [key, snapshot(lines)] as const),
  );
  const savedConsumed = new Set(state.billing.consumedDiscounts);
  const buffered: BufferedEvent[] = [];
  const held: EmulatorContext = {
    ...ctx,
    emitEvent: (type, object, previousAttributes) => {
      buffered.push({ type, object: snapshot(object), previousAttributes: snapshot(previousAttributes) });
      // Callers do not read the event back; a placeholder keeps the signature.
      return { id: 'evt_pending', object: 'event', type } as Stripe.Event;
    },
  };
  return {
    ctx: held,
    commit: () => {
      for (const event of buffered.splice(0))
        ctx.emitEvent(event.type, event.object, event.previousAttributes);
    },
    rollback: () => {
      buffered.length = 0;
      maps.forEach((map, index) => {
        map.clear();
        for (const [key, value] of savedMaps[index] as Map<string, unknown>) map.set(key, value);
      });
      for (const [key, lines] of savedPendingLines) state.billing.pendingLines.set(key, lines);
      for (const [index, object] of touched.entries()) restoreInPlace(object, savedObjects[index] as object);
      state.billing.consumedDiscounts.clear();
      for (const id of savedConsumed) state.billing.consumedDiscounts.add(id);
    },
  };
}
