import type Stripe from 'stripe';
import type { BillingStore } from '../store/billing-store.js';
import { applyWalletEvent } from '../sync/apply-wallet-event.js';
import { syncSubscription } from '../sync/sync-subscription.js';

/** The subscription an invoice belongs to, if any (`invoice.parent.subscription_details` since API 2025-03-31). */
function subscriptionIdOfInvoice(invoice: Stripe.Invoice): string | null {
  const subscription = invoice.parent?.subscription_details?.subscription;
  if (!subscription) return null;
  return typeof subscription === 'string' ? subscription : subscription.id;
}

/** The subscription whose mirror row an event may have changed, or null when the event changes none. */
export function subscriptionIdOfEvent(event: Stripe.Event): string | null {
  if (event.type.startsWith('customer.subscription.')) {
    return (event.data.object as Stripe.Subscription).id;
  }
  if (event.type.startsWith('subscription_schedule.')) {
    // A schedule change moves the mirror's scheduled change; a released schedule names its former subscription.
    const schedule = event.data.object as Stripe.SubscriptionSchedule;
    const subscription = schedule.subscription ?? schedule.released_subscription;
    if (!subscription) return null;
    return typeof subscription === 'string' ? subscription : subscription.id;
  }
  if (event.type.startsWith('invoice.') && (event.data.object as { object?: string }).object === 'invoice') {
    return subscriptionIdOfInvoice(event.data.object as Stripe.Invoice);
  }
  return null;
}

/**
 * Applies a verified event to the mirror. The payload only says which object changed: its state is re-read from
 * Stripe, so a replayed or out-of-order delivery writes the current state, never an old one. Events the mirror
 * does not use are accepted and ignored.
 */
export async function applyWebhookEvent(
  stripe: Stripe,
  store: BillingStore,
  event: Stripe.Event,
): Promise<void> {
  const subscriptionId = subscriptionIdOfEvent(event);
  if (subscriptionId) await syncSubscription(stripe, store, subscriptionId);
  // Saved cards, the default card and invoices (payment_method.*, customer.updated, setup_intent.*, invoice.*).
  await applyWalletEvent(stripe, store, event);
}
