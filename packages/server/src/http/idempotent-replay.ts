import { IDEMPOTENCY_HEADER } from '@billing-kit/core';
import type { BillingStore, IdempotentAnswer, IdempotentRequestRecord } from '../store/billing-store.js';
import { ApiError } from './api-error.js';
import { isAcceptableClientKey, sha256Hex } from './idempotency-key.js';
import { errorResponse } from './json-response.js';
import { MAX_JSON_BODY_BYTES, readBodyBytes } from './read-body.js';

/** Response header marking an answer replayed from an earlier request with the same `Idempotency-Key`. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** How long the answer of a keyed request is kept for replay: 24 hours, like Stripe. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * How long a keyed request may stay "in progress" before another request with the same key takes it over (its
 * process presumably died). Well above the longest route: a few Stripe calls, each retried by the SDK.
 */
export const IDEMPOTENCY_STALE_AFTER_MS = 5 * 60 * 1000;

/**
 * Runs the route for a request. Must answer, not throw: errors are turned into responses by the caller.
 * `customerId` is what `resolveCustomer` answered for it when it was already asked (null: signed out), so the host's
 * auth callback runs once per request; undefined when it was not asked.
 */
export type RunRoute = (request: Request, customerId?: string | null) => Promise<Response>;

/** What {@link createIdempotentReplay} needs. */
export interface IdempotentReplayOptions {
  store: BillingStore;
  resolveCustomer: (request: Request) => Promise<string | null> | string | null;
  /** Default {@link IDEMPOTENCY_STALE_AFTER_MS}. */
  staleAfterMs?: number;
  /** Default {@link IDEMPOTENCY_RETENTION_MS}. */
  retentionMs?: number;
}

/** How the first of several identical requests in this process was answered, shared with the others. */
interface SharedOutcome {
  answer: IdempotentAnswer;
  /** The answer is a refusal of the key itself (reused, still running elsewhere), not the action's answer. */
  refusedKey: boolean;
}

interface RunningRequest {
  fingerprint: string;
  outcome: Promise<SharedOutcome>;
}

// Statuses whose responses cannot carry a body.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

function keyUsedForAnotherRequest(): ApiError {
  return new ApiError(
    409,
    'conflict',
    `This ${IDEMPOTENCY_HEADER} was already used for a different request. Send a new key for a new action.`,
  );
}

function stillInProgress(): ApiError {
  return new ApiError(409, 'conflict', 'This request is still being processed. Try again in a moment.', {
    retryable: true,
  });
}

async function toAnswer(response: Response): Promise<IdempotentAnswer> {
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  };
}

function toResponse(answer: IdempotentAnswer, replayed: boolean): Response {
  const headers = new Headers(answer.headers);
  if (replayed) headers.set(IDEMPOTENT_REPLAYED_HEADER, 'true');
  const body = NULL_BODY_STATUSES.has(answer.status) ? null : answer.body;
  return new Response(body, { status: answer.status, headers });
}

/** The answer to a request whose key someone else holds or held: the stored answer, or a 409. */
function settleWithExisting(record: IdempotentRequestRecord, fingerprint: string): SharedOutcome {
  if (record.fingerprint !== fingerprint) {
    return { answer: answerOf(keyUsedForAnotherRequest()), refusedKey: true };
  }
  if (record.answer === null) return { answer: answerOf(stillInProgress()), refusedKey: true };
  return { answer: record.answer, refusedKey: false };
}

function answerOf(error: ApiError): IdempotentAnswer {
  const response = errorResponse(error);
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: JSON.stringify(error.toBody()),
  };
}

/**
 * Server-side replay of answers for requests sent with an `Idempotency-Key`, with the semantics of Stripe's own:
 * a resend after a lost response gets the first answer back (status and body, with `Idempotent-Replayed: true`)
 * instead of running the route again on the new state, where its checks would refuse an action that worked.
 *
 * - Scope: the signed-in customer, the route and the client key. Signed-out requests, requests without the header
 *   and requests with an unusable one go straight to the route (which answers 401 or 400).
 * - 2xx and 4xx answers are final and kept {@link IDEMPOTENCY_RETENTION_MS}; a 5xx (or a thrown error) deletes the
 *   record, so a retry runs the route again (routes are safe to re-run: their Stripe calls carry derived keys).
 * - The same key with another path or body: 409 `conflict`. The same key while the first request runs in another
 *   process: 409 `conflict` with `retryable: true`; in this process the resend waits for the first one's answer.
 * - The body is read once here (with the usual 64 KB limit: 413 above) and handed to the route as a new Request.
 *
 * One instance per handler: the in-process waiting list lives in the returned function.
 */
export function createIdempotentReplay(options: IdempotentReplayOptions) {
  const timing = {
    staleAfterMs: options.staleAfterMs ?? IDEMPOTENCY_STALE_AFTER_MS,
    retentionMs: options.retentionMs ?? IDEMPOTENCY_RETENTION_MS,
  };
  const running = new Map<string, RunningRequest>();

  /** Answers `request` for the route `routeName`: replayed, refused, or by calling `run`. */
  return async function replayOrRun(request: Request, routeName: string, run: RunRoute): Promise<Response> {
    const clientKey = request.headers.get(IDEMPOTENCY_HEADER);
    if (clientKey === null || !isAcceptableClientKey(clientKey)) return run(request);
    const customerId = (await options.resolveCustomer(request)) ?? null;
    if (customerId === null || customerId === '') return run(request, null);

    const bytes = await readBodyBytes(request, MAX_JSON_BODY_BYTES);
    const replayable = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      body: bytes.byteLength > 0 ? bytes : null,
      signal: request.signal,
    });
    const key = await sha256Hex(`${customerId}\n${routeName}\n${clientKey}`);
    const target = new TextEncoder().encode(`${request.method} ${new URL(request.url).pathname}\n`);
    const material = new Uint8Array(target.byteLength + bytes.byteLength);
    material.set(target, 0);
    material.set(bytes, target.byteLength);
    const fingerprint = await sha256Hex(material);

    // Check and register with no await in between, so identical requests in this process line up behind one.
    const current = running.get(key);
    if (current) {
      if (current.fingerprint !== fingerprint) throw keyUsedForAnotherRequest();
      const shared = await current.outcome;
      // The first one's answer; marked replayed when it is the action's answer that later resends also get.
      return toResponse(shared.answer, !shared.refusedKey && shared.answer.status < 500);
    }
    let settle: (outcome: SharedOutcome) => void = () => {};
    let fail: (error: unknown) => void = () => {};
    const outcome = new Promise<SharedOutcome>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    outcome.catch(() => {}); // nobody may be waiting: the caller gets the error itself
    running.set(key, { fingerprint, outcome });

    try {
      const token = crypto.randomUUID();
      const begun = await options.store.beginIdempotentRequest({ key, fingerprint, token }, timing);
      if (!begun.acquired) {
        const existing = settleWithExisting(begun.record, fingerprint);
        settle(existing);
        return toResponse(existing.answer, !existing.refusedKey);
      }

      let answer: IdempotentAnswer;
      try {
        answer = await toAnswer(await run(replayable, customerId));
      } catch (error) {
        await options.store.abandonIdempotentRequest(key, token).catch(() => {});
        throw error;
      }
      // Like Stripe: 2xx and 4xx are the action's final answer; a 5xx may succeed when tried again.
      if (answer.status < 500) await options.store.completeIdempotentRequest(key, token, answer);
      else await options.store.abandonIdempotentRequest(key, token);
      settle({ answer, refusedKey: false });
      return toResponse(answer, false);
    } catch (error) {
      fail(error);
      throw error;
    } finally {
      running.delete(key);
    }
  };
}
