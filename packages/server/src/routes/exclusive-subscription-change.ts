import { IDEMPOTENCY_HEADER } from '@billing-kit/core';
import { ApiError } from '../http/api-error.js';

/** An answer shared by identical requests: the first one's, replayed to the others. */
interface SharedAnswer {
  status: number;
  headers: [string, string][];
  body: string;
}

interface RunningChange {
  fingerprint: string;
  answer: Promise<SharedAnswer>;
}

// Per process, by subscription id: the change being made to it right now.
const running = new Map<string, RunningChange>();

/**
 * What makes two requests "the same action": customer, client `Idempotency-Key` and body. Without the header every
 * request is its own action.
 */
export function changeFingerprint(request: Request, customerId: string, body: unknown): string {
  const clientKey = request.headers.get(IDEMPOTENCY_HEADER) ?? crypto.randomUUID();
  return JSON.stringify([customerId, clientKey, body]);
}

/**
 * Runs one change to a subscription at a time in this process. Stripe's idempotency keys make identical requests
 * one mutation, but without this every concurrent attempt passed the checks against the same, not yet updated
 * mirror: twenty attempts with different keys made twenty Stripe updates, each answered "applied". Now an identical
 * request (same customer, `Idempotency-Key` and body) arriving while the first runs gets the first's answer, and
 * any other change is refused with 409 `conflict` until it is done (then the mirror shows the new plan).
 */
export async function runExclusiveChange(
  subscriptionId: string,
  fingerprint: string,
  change: () => Promise<Response>,
): Promise<Response> {
  const current = running.get(subscriptionId);
  if (current) {
    if (current.fingerprint !== fingerprint) {
      throw new ApiError(
        409,
        'conflict',
        'Another change to this subscription is in progress. Reload to see it, then try again.',
      );
    }
    const shared = await current.answer;
    return new Response(shared.body, { status: shared.status, headers: shared.headers });
  }

  const answer = change().then(async (response) => ({
    status: response.status,
    headers: [...response.headers],
    body: await response.text(),
  }));
  running.set(subscriptionId, { fingerprint, answer });
  try {
    const shared = await answer;
    return new Response(shared.body, { status: shared.status, headers: shared.headers });
  } finally {
    running.delete(subscriptionId);
  }
}
