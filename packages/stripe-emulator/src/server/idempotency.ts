import { StripeApiError } from './errors.js';

/** How long Stripe keeps an idempotency key: 24 hours (of emulated time here). */
export const IDEMPOTENCY_KEY_TTL_SECONDS = 24 * 60 * 60;

interface SavedResponse {
  method: string;
  path: string;
  body: string;
  status: number;
  responseBody: string;
}

interface StoredResponse extends SavedResponse {
  savedAt: number;
}

/**
 * Stripe's `Idempotency-Key` semantics for POSTs: the same key with the same request replays the first response;
 * the same key with a different request is a 400 `idempotency_error`. Keys expire 24 hours (emulated time) after
 * their first use, after which the key is new again.
 */
export class IdempotencyStore {
  private readonly saved = new Map<string, StoredResponse>();

  /** `now` gives emulated unix seconds (the global clock), so advancing it expires keys. */
  constructor(private readonly now: () => number) {}

  /** The saved response to replay, or undefined when the key is new (or expired). */
  lookup(
    key: string,
    method: string,
    path: string,
    body: string,
  ): { status: number; body: string } | undefined {
    const saved = this.saved.get(key);
    if (!saved) return undefined;
    if (this.now() - saved.savedAt >= IDEMPOTENCY_KEY_TTL_SECONDS) {
      this.saved.delete(key);
      return undefined;
    }
    if (saved.method !== method || saved.path !== path || saved.body !== body) {
      throw new StripeApiError(400, {
        type: 'idempotency_error',
        message:
          'Keys for idempotent requests can only be used with the same parameters they were first used with. ' +
          `Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    return { status: saved.status, body: saved.responseBody };
  }

  /** Remembers the response given to the first request with `key`. */
  save(key: string, entry: SavedResponse): void {
    this.saved.set(key, { ...entry, savedAt: this.now() });
  }

  /** Forgets every key. */
  clear(): void {
    this.saved.clear();
  }
}
