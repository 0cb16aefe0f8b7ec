import type { SeededRandom } from '../control/seeded-random.js';
import { type DeliveryPlan, WebhookFaults } from './delivery-faults.js';
import { EndpointSlots } from './endpoint-slots.js';
import { ReorderBatch } from './reorder-batch.js';
import { signWebhookPayload } from './signing.js';

/** Backoff for failed deliveries: attempt n waits `min(initialDelayMs * 2^(n-1), maxDelayMs)` before the next try. */
export interface WebhookRetryOptions {
  /** Delay before the first retry. Default 500 ms. */
  initialDelayMs?: number;
  /** Longest wait between two attempts, however many failed. Default 60 000 ms. */
  maxDelayMs?: number;
  /** Total attempts per delivery, the first included. Default 5. */
  maxAttempts?: number;
  /** A receiver slower than this counts as failed. Default 10 000 ms. */
  timeoutMs?: number;
  /**
   * Attempts in flight at once per endpoint; the others (first attempts and retries alike) wait their turn.
   * Bounds what a backlog of retries asks of a slow receiver, as Stripe's own sending rate does. Default: no limit.
   */
  maxConcurrentAttempts?: number;
}

/**
 * One `webhookRetry` setting, checked: a number of at least `min` (whole when `whole`); the default when absent.
 * Throws a message naming the setting, so a typo in a test's options does not silently change what it measures.
 */
function retrySetting(
  options: WebhookRetryOptions,
  name: keyof WebhookRetryOptions,
  fallback: number,
  rule: { min: number; whole?: boolean },
): number {
  const value: unknown = options[name];
  if (value === undefined) return fallback;
  // Infinity only where it means "no limit"; every other setting must be finite.
  const unlimited = value === Number.POSITIVE_INFINITY && name === 'maxConcurrentAttempts';
  const valid =
    unlimited ||
    (typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= rule.min &&
      (!rule.whole || Number.isInteger(value)));
  if (!valid) {
    throw new TypeError(
      `webhookRetry.${name} must be ${rule.whole ? 'a whole number' : 'a number'} of ${rule.min} or more, got ${JSON.stringify(value) ?? String(value)}.`,
    );
  }
  return value as number;
}

/** One finished, dropped or abandoned delivery, as `GET /_emulator/deliveries` and `webhookDeliveries()` show it. */
export interface DeliveryRecord {
  /** Queue order of the delivery (1, 2, ...): compare with the order a receiver saw. */
  sequence: number;
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  /** HTTP attempts made (0 when dropped). */
  attempts: number;
  /** Status of each attempt in order; null for an attempt that got no answer (timeout, connection error). */
  statuses: Array<number | null>;
  /** HTTP status of the last attempt, or null when it never got one. */
  lastStatus: number | null;
  /** Why the last attempt got no status (`timeout after 200 ms`, `connection error: ...`), else null. */
  lastError: string | null;
  /** True once an attempt got a 2xx. */
  delivered: boolean;
  /** Dropped by the drop fault: never sent. */
  dropped: boolean;
  /** The extra copy sent by the duplicate fault. */
  duplicate: boolean;
  /** When it was queued and when its first attempt started (ms since the epoch, real time). */
  queuedAt: number;
  firstAttemptAt: number | null;
}

/** What the queue needs to sign and deliver one event to one endpoint. */
export interface DeliveryRequest {
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  secret: string;
  payload: string;
}

interface Delivery extends DeliveryRequest {
  record: DeliveryRecord;
}

/** Collaborators of the queue, owned by the emulator. */
export interface DeliveryQueueDependencies {
  random: SeededRandom;
  /** Called once per delivery when it is over (delivered, dropped or given up). */
  onFinished?: (record: DeliveryRecord) => void;
}

/**
 * Delivers signed events over HTTP, asynchronously, retrying non-2xx answers and timeouts with exponential
 * backoff, and applies the armed webhook faults (drop, duplicate, delay, reorder, short timeout). `flush()` waits
 * for everything queued so far.
 */
export class WebhookDeliveryQueue {
  private readonly pending = new Set<Promise<void>>();
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly slots: EndpointSlots;
  private readonly random: SeededRandom;
  private readonly onFinished: (record: DeliveryRecord) => void;
  private openBatch: ReorderBatch | undefined;
  private readonly batches = new Set<ReorderBatch>();
  private generation = 0;
  private sequence = 0;
  /** The armed webhook faults. */
  readonly faults: WebhookFaults;
  /** Deliveries that are over (2xx, dropped, or gave up), in the order they ended. */
  readonly history: DeliveryRecord[] = [];

  constructor(options: WebhookRetryOptions = {}, dependencies: DeliveryQueueDependencies) {
    this.initialDelayMs = retrySetting(options, 'initialDelayMs', 500, { min: 0 });
    this.maxDelayMs = retrySetting(options, 'maxDelayMs', 60_000, { min: 0 });
    this.maxAttempts = retrySetting(options, 'maxAttempts', 5, { min: 1, whole: true });
    this.timeoutMs = retrySetting(options, 'timeoutMs', 10_000, { min: 1 });
    this.slots = new EndpointSlots(
      retrySetting(options, 'maxConcurrentAttempts', Number.POSITIVE_INFINITY, { min: 1, whole: true }),
    );
    this.random = dependencies.random;
    this.onFinished = dependencies.onFinished ?? (() => {});
    this.faults = new WebhookFaults(this.random);
  }

  /** How many deliveries are not over yet. */
  get inFlight(): number {
    return this.pending.size;
  }

  /** How many deliveries wait in the reorder batch being filled. */
  get held(): number {
    return this.openBatch?.size ?? 0;
  }

  /** Queues one event for one endpoint. The first attempt starts after the current API response is sent. */
  enqueue(request: DeliveryRequest): void {
    const plan = this.faults.plan(request.eventType);
    const delivery = this.createDelivery(request, false);
    if (plan.dropped) {
      delivery.record.dropped = true;
      this.finish(delivery.record);
      return;
    }
    const turn = plan.reorder ? this.joinReorderBatch(delivery.record.sequence) : undefined;
    this.track(this.run(delivery, this.generation, plan, turn));
  }

  private createDelivery(request: DeliveryRequest, duplicate: boolean): Delivery {
    this.sequence += 1;
    return {
      ...request,
      record: {
        sequence: this.sequence,
        eventId: request.eventId,
        eventType: request.eventType,
        endpointId: request.endpointId,
        url: request.url,
        attempts: 0,
        statuses: [],
        lastStatus: null,
        lastError: null,
        delivered: false,
        dropped: false,
        duplicate,
        queuedAt: Date.now(),
        firstAttemptAt: null,
      },
    };
  }

  private joinReorderBatch(sequence: number): { batch: ReorderBatch; promise: Promise<void> } {
    const settings = this.faults.reorderSettings();
    if (this.openBatch === undefined) {
      const batch = new ReorderBatch(this.random, settings?.holdMs ?? 1000, (released) => {
        if (this.openBatch === released) this.openBatch = undefined;
      });
      this.openBatch = batch;
      this.batches.add(batch);
    }
    const batch = this.openBatch;
    const promise = batch.join(sequence);
    if (settings?.full) {
      this.faults.closeReorder();
      // Released after the current request finishes queueing, like every first attempt.
      setImmediate(() => batch.release());
    }
    return { batch, promise };
  }

  private track(task: Promise<void>): void {
    // Starts after the API response is written (setImmediate inside run), never inside the handler.
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  private finish(record: DeliveryRecord): void {
    this.history.push(record);
    this.onFinished(record);
  }

  private async attempt(delivery: Delivery): Promise<{ status: number | null; error: string | null }> {
    // Signed with real time, not emulated time: receivers check the timestamp against their own clock.
    const timestamp = Math.floor(Date.now() / 1000);
    const timeoutMs = this.faults.timeoutMs ?? this.timeoutMs;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signWebhookPayload(delivery.payload, delivery.secret, timestamp),
        },
        body: delivery.payload,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so the connection can be reused; its content does not matter to Stripe.
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status, error: null };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError')
        return { status: null, error: `timeout after ${timeoutMs} ms` };
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return {
        status: null,
        error: `connection error: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      };
    }
  }

  private async run(
    delivery: Delivery,
    generation: number,
    plan: DeliveryPlan,
    turn: { batch: ReorderBatch; promise: Promise<void> } | undefined,
  ): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (plan.delayMs > 0) await this.wait(plan.delayMs);
    if (turn) await turn.promise;
    const { record } = delivery;
    while (generation === this.generation) {
      const releaseSlot = await this.slots.acquire(delivery.endpointId);
      if (generation !== this.generation) {
        releaseSlot();
        break;
      }
      if (record.firstAttemptAt === null) record.firstAttemptAt = Date.now();
      record.attempts += 1;
      const { status, error } = await this.attempt(delivery).finally(releaseSlot);
      record.statuses.push(status);
      record.lastStatus = status;
      record.lastError = error;
      record.delivered = status !== null && status >= 200 && status < 300;
      if (record.attempts === 1) {
        turn?.batch.done(record.sequence);
        if (plan.duplicated && generation === this.generation) {
          // Stripe's at-least-once delivery: the same event, signed afresh, arrives a second time.
          const copy = this.createDelivery(delivery, true);
          this.track(this.run(copy, generation, { ...plan, duplicated: false, delayMs: 0 }, undefined));
        }
      }
      if (record.delivered || record.attempts >= this.maxAttempts) break;
      await this.wait(Math.min(this.initialDelayMs * 2 ** (record.attempts - 1), this.maxDelayMs));
    }
    turn?.batch.done(record.sequence);
    this.finish(record);
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve();
      }, ms);
      this.waits.set(timer, resolve);
    });
  }

  /**
   * Resolves when every delivery queued so far, and any queued while waiting, is over. A reorder batch still
   * being filled is released now (shuffled) rather than waiting for its hold time.
   */
  async flush(): Promise<void> {
    while (this.pending.size > 0) {
      this.openBatch?.release();
      await Promise.allSettled([...this.pending]);
    }
  }

  /** Abandons pending retries, waits and held batches (they stop without a further attempt). */
  cancelAll(): void {
    this.generation += 1;
    for (const [timer, resolve] of this.waits) {
      clearTimeout(timer);
      resolve();
    }
    this.waits.clear();
    for (const batch of this.batches) batch.cancel();
    this.batches.clear();
    this.openBatch = undefined;
    this.faults.clear();
  }

  /** Forgets finished deliveries and restarts the sequence numbers. */
  clearHistory(): void {
    this.history.length = 0;
    this.sequence = 0;
  }
}
