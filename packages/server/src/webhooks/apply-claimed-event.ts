import type Stripe from 'stripe';
import type { BillingStore } from '../store/billing-store.js';
import { applyWebhookEvent } from './apply-webhook-event.js';

/** What applying one claimed event needs. */
export interface WebhookApplyDeps {
  stripe: Stripe;
  store: BillingStore;
}

/** The outcome of {@link applyClaimedEvent}. */
export type ApplyOutcome = { applied: true } | { applied: false; error: unknown; description: string };

/** Short, secret-free description of why applying failed, for the ledger's `last_error`. */
export function describeFailure(error: unknown): string {
  // The SDK's errors keep their class in `type` (StripeAPIError, StripeConnectionError...); `name` is just "Error".
  const stripeType = (error as { type?: unknown })?.type;
  const name = typeof stripeType === 'string' && stripeType.startsWith('Stripe') ? stripeType : undefined;
  const message = error instanceof Error ? `${name ?? error.name}: ${error.message}` : String(error);
  return message.replace(/\b(sk|rk)_(test|live)_\w+/g, '$1_$2_[redacted]').slice(0, 1000);
}

/**
 * Applies an event this process holds the claim on, then marks it applied. A failure of the apply step is written
 * to the ledger (`last_error`) and the claim released, so a later delivery or `drain()` tries again at once. If
 * the database itself fails midway the claim stays and runs out after its lease: the event is then taken over.
 */
export async function applyClaimedEvent(
  deps: WebhookApplyDeps,
  event: Stripe.Event,
  claimToken: string,
): Promise<ApplyOutcome> {
  try {
    await applyWebhookEvent(deps.stripe, deps.store, event);
  } catch (error) {
    const description = describeFailure(error);
    // Best effort: when the database is what failed, the lease still brings the event back.
    await deps.store.markWebhookEventFailed(event.id, description, claimToken).catch(() => {});
    return { applied: false, error, description };
  }
  // False when this claim had run out and another claimant took the event over: that one records the application.
  // Either way the mirror is right, since every apply writes a fresh re-read and never an older version.
  await deps.store.markWebhookEventApplied(event.id, new Date(), claimToken);
  return { applied: true };
}
