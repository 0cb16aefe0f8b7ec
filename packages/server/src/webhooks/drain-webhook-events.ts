import type Stripe from 'stripe';
import { applyClaimedEvent, type WebhookApplyDeps } from './apply-claimed-event.js';

/** What {@link drainWebhookEvents} did. */
export interface DrainReport {
  /** Ids of the events applied by this call. */
  applied: string[];
  /** Events that failed again, with the error recorded in the ledger. */
  failed: Array<{ id: string; type: string; error: string }>;
}

const BATCH_SIZE = 50;

/**
 * Applies every accepted event that is not applied yet and that no live delivery is applying: those whose apply
 * failed (Stripe or the database down) and those a crashed process had claimed (once the claim's lease ran out).
 * Each event is claimed first, so a drain running beside webhook deliveries or another drain never applies an event
 * twice. Events failing again stay in the ledger with their new `last_error`; each is tried once per call.
 */
export async function drainWebhookEvents(
  deps: WebhookApplyDeps,
  options: { claimLeaseMs: number; limit?: number },
): Promise<DrainReport> {
  const report: DrainReport = { applied: [], failed: [] };
  const tried = new Set<string>();
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  while (tried.size < limit) {
    const pending = (await deps.store.listPendingWebhookEvents(BATCH_SIZE + tried.size)).filter(
      (candidate) => !tried.has(candidate.id),
    );
    if (pending.length === 0) break;
    for (const candidate of pending) {
      if (tried.size >= limit) break;
      tried.add(candidate.id);
      const claimToken = crypto.randomUUID();
      if (
        !(await deps.store.claimWebhookEvent(candidate.id, {
          token: claimToken,
          leaseMs: options.claimLeaseMs,
        }))
      ) {
        continue; // a delivery got there first
      }
      const event = JSON.parse(candidate.payload) as Stripe.Event;
      const outcome = await applyClaimedEvent(deps, event, claimToken);
      if (outcome.applied) report.applied.push(candidate.id);
      else report.failed.push({ id: candidate.id, type: candidate.type, error: outcome.description });
    }
  }
  return report;
}
