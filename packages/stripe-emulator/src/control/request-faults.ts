import { globPattern } from './patterns.js';
import type { SeededRandom } from './seeded-random.js';

/** Which API requests a fault applies to. Both are optional: no filter matches every `/v1` request. */
export interface RequestFilter {
  /** `GET`, `POST` or `DELETE` (any case). */
  method?: string;
  /** A path glob: `/v1/subscriptions*` matches `/v1/subscriptions` and `/v1/subscriptions/sub_123`. */
  path?: string;
}

/** The answer an injected failure gives, in Stripe's error envelope. */
export interface InjectedFailure {
  status: number;
  type: 'api_error' | 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'authentication_error';
  code?: string;
  message: string;
  /** Sends `Stripe-Should-Retry: true|false`, which the SDK obeys before its own status rules. */
  shouldRetry?: boolean;
}

interface Rule<T> {
  /** Matching requests still affected; null: every matching request until cleared. */
  remaining: number | null;
  /** Chance (0-1) that a matching request is affected, drawn from the seeded source. */
  probability: number;
  filter: RequestFilter;
  matcher: { method?: string; path?: RegExp };
  effect: T;
}

/** A snapshot of a pending request fault, as `GET /_emulator/faults` shows it. */
export interface PendingRequestFault<T> {
  /** Requests still to affect; null: every matching request until cleared. */
  remaining: number | null;
  /** Chance (0-1) that a matching request is affected. */
  probability: number;
  method?: string;
  path?: string;
  effect: T;
}

function matches<T>(rule: Rule<T>, method: string, pathname: string): boolean {
  if (rule.matcher.method !== undefined && rule.matcher.method !== method) return false;
  return rule.matcher.path === undefined || rule.matcher.path.test(pathname);
}

function take<T>(rules: Rule<T>[], method: string, pathname: string, random: SeededRandom): T | undefined {
  const rule = rules.find((candidate) => matches(candidate, method, pathname));
  if (!rule) return undefined;
  // A miss of a probabilistic rule spends nothing: `count` is the number of requests actually affected.
  if (rule.probability < 1 && random.next() >= rule.probability) return undefined;
  if (rule.remaining !== null) {
    rule.remaining -= 1;
    if (rule.remaining <= 0) rules.splice(rules.indexOf(rule), 1);
  }
  return rule.effect;
}

function compile<T>(count: number | null, filter: RequestFilter, effect: T, probability: number): Rule<T> {
  return {
    remaining: count,
    probability,
    filter,
    matcher: {
      ...(filter.method === undefined ? {} : { method: filter.method.toUpperCase() }),
      ...(filter.path === undefined ? {} : { path: globPattern(filter.path) }),
    },
    effect,
  };
}

function describe<T>(rules: Rule<T>[]): PendingRequestFault<T>[] {
  return rules.map((rule) => ({
    remaining: rule.remaining,
    probability: rule.probability,
    ...rule.filter,
    effect: rule.effect,
  }));
}

/**
 * Faults for the next API requests: failures answered instead of the real response, and delays before it. Each
 * rule counts down as matching requests it affects arrive (or lasts until cleared when it has no count); with a
 * probability below 1 each matching request is affected by a seeded draw. The first matching rule decides.
 */
export class RequestFaults {
  private readonly failures: Rule<InjectedFailure>[] = [];
  private readonly delays: Rule<number>[] = [];

  constructor(private readonly random: SeededRandom) {}

  /** `count` matching requests (null: all until cleared), each with `probability`, answer `failure`. */
  failNext(count: number | null, filter: RequestFilter, failure: InjectedFailure, probability = 1): void {
    this.failures.push(compile(count, filter, failure, probability));
  }

  /** `count` matching requests (null: all until cleared), each with `probability`, wait `delayMs` first. */
  delayNext(count: number | null, filter: RequestFilter, delayMs: number, probability = 1): void {
    this.delays.push(compile(count, filter, delayMs, probability));
  }

  /** Consumes and returns the failure for this request, if one is due. */
  takeFailure(method: string, pathname: string): InjectedFailure | undefined {
    return take(this.failures, method, pathname, this.random);
  }

  /** Consumes and returns the delay (ms) for this request, if one is due. */
  takeDelay(method: string, pathname: string): number | undefined {
    return take(this.delays, method, pathname, this.random);
  }

  /** What is still armed. */
  pending(): { failures: PendingRequestFault<InjectedFailure>[]; delays: PendingRequestFault<number>[] } {
    return { failures: describe(this.failures), delays: describe(this.delays) };
  }

  /** Disarms everything. */
  clear(): void {
    this.failures.length = 0;
    this.delays.length = 0;
  }
}
