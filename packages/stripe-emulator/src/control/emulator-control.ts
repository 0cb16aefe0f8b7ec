import type { EmulatorClock } from '../clock.js';
import type { WebhookFaultsSnapshot } from '../webhooks/delivery-faults.js';
import type { DeliveryRecord, WebhookDeliveryQueue } from '../webhooks/delivery-queue.js';
import {
  booleanOption,
  ControlInputError,
  integerOption,
  numberOption,
  readOptions,
  stringOption,
} from './control-input.js';
import type { InjectedFailure, PendingRequestFault, RequestFaults } from './request-faults.js';
import type { SeededRandom } from './seeded-random.js';

const MAX_COUNT = 10_000;
const MAX_DELAY_MS = 60_000;
const TEN_YEARS_SECONDS = 10 * 366 * 24 * 60 * 60;
const ERROR_TYPES = [
  'api_error',
  'invalid_request_error',
  'card_error',
  'idempotency_error',
  'authentication_error',
] as const;
const METHODS = ['GET', 'POST', 'DELETE', 'get', 'post', 'delete'] as const;

/** Options of `failNextRequests`: give `count`, `probability`, or both. */
export interface FailRequestsOptions {
  /** How many matching requests fail; without it, matching requests fail (with `probability`) until cleared. */
  count?: number;
  /** Chance (0-1) that each matching request fails, drawn from the seeded source. Default 1. */
  probability?: number;
  /** HTTP status answered, 400-599. Default 500. */
  status?: number;
  /** `error.type`. Default `api_error` for 5xx, `invalid_request_error` otherwise. */
  type?: InjectedFailure['type'];
  /** `error.code`. Default `rate_limit` for 429, none otherwise. */
  code?: string;
  /** `error.message`. Default says the failure was injected. */
  message?: string;
  /** Sends `Stripe-Should-Retry: true|false`; the SDK obeys it before its own retry rules. */
  shouldRetry?: boolean;
  /** Only requests with this method (`GET`, `POST`, `DELETE`). */
  method?: string;
  /** Only requests whose path matches this glob (`/v1/subscriptions*`). */
  path?: string;
}

/** Options of `delayNextRequests`: give `count`, `probability`, or both. */
export interface DelayRequestsOptions {
  /** How many matching requests wait; without it, matching requests wait (with `probability`) until cleared. */
  count?: number;
  /** Chance (0-1) that each matching request waits, drawn from the seeded source. Default 1. */
  probability?: number;
  /** Milliseconds each matching request waits before being handled, 0-60000. */
  delayMs: number;
  method?: string;
  path?: string;
}

/** Options of `dropNextDeliveries`. */
export interface DropDeliveriesOptions {
  count: number;
  /** Only deliveries of this event type (glob: `invoice.*`). */
  eventType?: string;
}

/** Options of `duplicateDeliveries`: give `count`, `probability`, or both. */
export interface DuplicateDeliveriesOptions {
  /** The next `count` deliveries are duplicated; without it, every delivery until `clearFaults()`. */
  count?: number;
  /** Chance (0-1) that each affected delivery is sent twice, drawn from the seeded source. Default 1. */
  probability?: number;
}

/** Options of `delayDeliveries`. */
export interface DelayDeliveriesOptions {
  /** Wait before the first attempt, 0-60000 ms. */
  delayMs: number;
  /** Only the next `count` deliveries; without it, every delivery until `clearFaults()`. */
  count?: number;
}

/** Options of `reorderDeliveries`. */
export interface ReorderDeliveriesOptions {
  /** The next `batchSize` deliveries (2-1000) are held, then sent one at a time in a shuffled order. */
  batchSize: number;
  /** Longest hold before a batch that is not full goes out anyway. Default 1000 ms. */
  holdMs?: number;
}

/** Options of `setDeliveryTimeout`. */
export interface DeliveryTimeoutOptions {
  /** A receiver slower than this (1-600000 ms) counts as failed and the delivery is retried. */
  timeoutMs: number;
}

/** What `GET /_emulator/faults` and `control.faults()` answer. */
export interface FaultsSnapshot {
  seed: number;
  requests: {
    failures: PendingRequestFault<InjectedFailure>[];
    delays: PendingRequestFault<number>[];
  };
  webhooks: WebhookFaultsSnapshot;
}

/** What `GET /_emulator/deliveries` and `control.deliveries()` answer. */
export interface DeliveriesSnapshot {
  object: 'list';
  /** Deliveries that are over (delivered, dropped or given up), in the order they ended. */
  data: DeliveryRecord[];
  /** Deliveries still in progress (waiting, held or between retries). */
  pending: number;
}

/** The global clock as the control routes show it. */
export interface ClockSnapshot {
  /** Emulated unix seconds. */
  now: number;
  /** Seconds ahead of real time. */
  offset: number;
}

/** What the control needs from the emulator it drives. */
export interface EmulatorControlDependencies {
  clock: EmulatorClock;
  random: SeededRandom;
  requestFaults: RequestFaults;
  deliveries: WebhookDeliveryQueue;
  /** Forgets every object, key, event, delivery and fault; the clock and the seed go back to their start. */
  resetState: () => Promise<void>;
}

function filterOptions(options: Record<string, unknown>): { method?: string; path?: string } {
  const method = stringOption(options, 'method', METHODS);
  const path = stringOption(options, 'path');
  if (path !== undefined && !path.startsWith('/')) {
    throw new ControlInputError(
      `Option "path" must start with "/" (e.g. "/v1/subscriptions*"), got "${path}".`,
      'path',
    );
  }
  return { ...(method === undefined ? {} : { method }), ...(path === undefined ? {} : { path }) };
}

/** The `count` and `probability` of a request fault: at least one of them, so no fault lasts forever by accident. */
function countOrProbability(options: Record<string, unknown>): { count: number | null; probability: number } {
  if (options.count === undefined && options.probability === undefined) {
    throw new ControlInputError(
      'Give "count" (the next N matching requests), "probability" (0-1, until cleared), or both.',
      'count',
    );
  }
  const count =
    options.count === undefined ? null : integerOption(options, 'count', { min: 1, max: MAX_COUNT });
  const probability = numberOption(options, 'probability', { min: 0, max: 1 }) ?? 1;
  return { count, probability };
}

/**
 * Test controls of a running emulator: reset, the global clock, the seed, fault injection for API requests and
 * webhook deliveries, and the delivery log. The `/_emulator/*` routes call the same methods, so both validate
 * their input the same way (a `ControlInputError`, 400 over HTTP).
 */
export class EmulatorControl {
  constructor(private readonly deps: EmulatorControlDependencies) {}

  /** Forgets all state, like `emulator.reset()`. */
  async reset(): Promise<void> {
    await this.deps.resetState();
  }

  /** The global emulated clock. */
  clock(): ClockSnapshot {
    return { now: this.deps.clock.now(), offset: this.deps.clock.offset() };
  }

  /**
   * Moves the global emulated clock forward by `seconds` (idempotency keys expire after 24 h of it). Test clocks
   * attached to customers move separately (`stripe.testHelpers.testClocks.advance`).
   */
  advanceClock(input: { seconds: number }): ClockSnapshot {
    const options = readOptions(input, ['seconds']);
    const seconds = integerOption(options, 'seconds', { min: 1, max: TEN_YEARS_SECONDS });
    this.deps.clock.advanceBy(seconds);
    return this.clock();
  }

  /** Restarts the seeded random source that fault decisions draw from. */
  setSeed(input: { seed: number }): { seed: number } {
    const options = readOptions(input, ['seed']);
    const seed = integerOption(options, 'seed', { min: 0, max: 4_294_967_295 });
    this.deps.random.reseed(seed);
    return { seed };
  }

  /**
   * Matching API requests answer an error instead of running: the next `count`, or each with `probability` (until
   * `count` have failed, or until cleared without a count).
   */
  failNextRequests(input: FailRequestsOptions): FaultsSnapshot {
    const options = readOptions(input, [
      'count',
      'probability',
      'status',
      'type',
      'code',
      'message',
      'shouldRetry',
      'method',
      'path',
    ]);
    const { count, probability } = countOrProbability(options);
    const status = integerOption(options, 'status', { min: 400, max: 599, fallback: 500 });
    const type =
      (stringOption(options, 'type', ERROR_TYPES) as InjectedFailure['type'] | undefined) ??
      (status >= 500 ? 'api_error' : 'invalid_request_error');
    const code = stringOption(options, 'code') ?? (status === 429 ? 'rate_limit' : undefined);
    const message =
      stringOption(options, 'message') ??
      `Injected failure: the emulator was told to answer ${status} (POST /_emulator/faults/requests/fail).`;
    const shouldRetry = booleanOption(options, 'shouldRetry');
    this.deps.requestFaults.failNext(
      count,
      filterOptions(options),
      {
        status,
        type,
        message,
        ...(code === undefined ? {} : { code }),
        ...(shouldRetry === undefined ? {} : { shouldRetry }),
      },
      probability,
    );
    return this.faults();
  }

  /** Matching API requests wait `delayMs` before being handled: the next `count`, or each with `probability`. */
  delayNextRequests(input: DelayRequestsOptions): FaultsSnapshot {
    const options = readOptions(input, ['count', 'probability', 'delayMs', 'method', 'path']);
    const { count, probability } = countOrProbability(options);
    const delayMs = integerOption(options, 'delayMs', { min: 0, max: MAX_DELAY_MS });
    this.deps.requestFaults.delayNext(count, filterOptions(options), delayMs, probability);
    return this.faults();
  }

  /** The next `count` webhook deliveries (of `eventType`) are never sent; the log marks them `dropped`. */
  dropNextDeliveries(input: DropDeliveriesOptions): FaultsSnapshot {
    const options = readOptions(input, ['count', 'eventType']);
    const count = integerOption(options, 'count', { min: 1, max: MAX_COUNT });
    this.deps.deliveries.faults.dropNext(count, stringOption(options, 'eventType'));
    return this.faults();
  }

  /** Deliveries are sent twice (the copy right after the first attempt), for the next `count` or with `probability`. */
  duplicateDeliveries(input: DuplicateDeliveriesOptions): FaultsSnapshot {
    const options = readOptions(input, ['count', 'probability']);
    if (options.count === undefined && options.probability === undefined) {
      throw new ControlInputError(
        'Give "count" (the next N deliveries), "probability" (0-1), or both.',
        'count',
      );
    }
    const count =
      options.count === undefined ? null : integerOption(options, 'count', { min: 1, max: MAX_COUNT });
    const probability = numberOption(options, 'probability', { min: 0, max: 1 }) ?? 1;
    this.deps.deliveries.faults.duplicateNext(count, probability);
    return this.faults();
  }

  /** Deliveries wait `delayMs` before their first attempt (the next `count`, or all until cleared). */
  delayDeliveries(input: DelayDeliveriesOptions): FaultsSnapshot {
    const options = readOptions(input, ['delayMs', 'count']);
    const delayMs = integerOption(options, 'delayMs', { min: 0, max: MAX_DELAY_MS });
    const count =
      options.count === undefined ? null : integerOption(options, 'count', { min: 1, max: MAX_COUNT });
    this.deps.deliveries.faults.delayNext(count, delayMs);
    return this.faults();
  }

  /** The next `batchSize` deliveries are held, then sent one at a time in a seeded shuffled order. */
  reorderDeliveries(input: ReorderDeliveriesOptions): FaultsSnapshot {
    const options = readOptions(input, ['batchSize', 'holdMs']);
    const batchSize = integerOption(options, 'batchSize', { min: 2, max: 1000 });
    const holdMs = integerOption(options, 'holdMs', { min: 1, max: MAX_DELAY_MS, fallback: 1000 });
    this.deps.deliveries.faults.reorderNext(batchSize, holdMs);
    return this.faults();
  }

  /** Receivers slower than `timeoutMs` count as failed (and are retried), until cleared. */
  setDeliveryTimeout(input: DeliveryTimeoutOptions): FaultsSnapshot {
    const options = readOptions(input, ['timeoutMs']);
    this.deps.deliveries.faults.timeoutMs = integerOption(options, 'timeoutMs', { min: 1, max: 600_000 });
    return this.faults();
  }

  /** Disarms every request and webhook fault (the seed and the delivery log stay). */
  clearFaults(): FaultsSnapshot {
    this.deps.requestFaults.clear();
    this.deps.deliveries.faults.clear();
    return this.faults();
  }

  /** What is armed now, and the seed. */
  faults(): FaultsSnapshot {
    return {
      seed: this.deps.random.seed,
      requests: this.deps.requestFaults.pending(),
      webhooks: this.deps.deliveries.faults.snapshot(this.deps.deliveries.held),
    };
  }

  /** The delivery log: deliveries that are over, with attempts and statuses, and how many are still pending. */
  deliveries(): DeliveriesSnapshot {
    return {
      object: 'list',
      data: this.deps.deliveries.history.map((record) => ({ ...record, statuses: [...record.statuses] })),
      pending: this.deps.deliveries.inFlight,
    };
  }

  /** Waits until every delivery queued so far is over, then answers the log. */
  async flushDeliveries(): Promise<DeliveriesSnapshot> {
    await this.deps.deliveries.flush();
    return this.deliveries();
  }
}
