import { signWebhookPayload } from './signing.js';

/** Backoff for failed deliveries: attempt n waits `initialDelayMs * 2^(n-1)` before the next try. */
export interface WebhookRetryOptions {
  /** Delay before the first retry. Default 500 ms. */
  initialDelayMs?: number;
  /** Total attempts per delivery, the first included. Default 5. */
  maxAttempts?: number;
  /** A receiver slower than this counts as failed. Default 10 000 ms. */
  timeoutMs?: number;
}

/** One finished or abandoned delivery, for the emulator's own bookkeeping and tests. */
export interface DeliveryRecord {
  eventId: string;
  endpointId: string;
  url: string;
  attempts: number;
  /** HTTP status of the last attempt, or null when it never got one (connection refused, timeout). */
  lastStatus: number | null;
  delivered: boolean;
}

interface Delivery {
  eventId: string;
  endpointId: string;
  url: string;
  secret: string;
  payload: string;
  attempts: number;
}

/**
 * Delivers signed events over HTTP, asynchronously, retrying non-2xx answers and timeouts with exponential
 * backoff. `flush()` waits for everything queued so far (delivered or given up).
 */
export class WebhookDeliveryQueue {
  private readonly pending = new Set<Promise<void>>();
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private readonly initialDelayMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private generation = 0;
  /** Deliveries that finished (2xx or gave up), oldest first. */
  readonly history: DeliveryRecord[] = [];

  constructor(
    options: WebhookRetryOptions = {},
    private readonly now: () => number,
    private readonly onFinished: (record: DeliveryRecord) => void = () => {},
  ) {
    this.initialDelayMs = options.initialDelayMs ?? 500;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 5);
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Queues one event for one endpoint. The first attempt starts after the current API response is sent. */
  enqueue(delivery: Omit<Delivery, 'attempts'>): void {
    const generation = this.generation;
    const task = new Promise<void>((resolve) => {
      setImmediate(() => {
        this.run({ ...delivery, attempts: 0 }, generation).finally(resolve);
      });
    });
    this.pending.add(task);
    task.finally(() => this.pending.delete(task));
  }

  private async attempt(delivery: Delivery): Promise<number | null> {
    const timestamp = this.now();
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signWebhookPayload(delivery.payload, delivery.secret, timestamp),
        },
        body: delivery.payload,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      // Drain the body so the connection can be reused; its content does not matter to Stripe.
      await response.arrayBuffer().catch(() => undefined);
      return response.status;
    } catch {
      return null;
    }
  }

  private async run(delivery: Delivery, generation: number): Promise<void> {
    while (generation === this.generation) {
      delivery.attempts += 1;
      const status = await this.attempt(delivery);
      const delivered = status !== null && status >= 200 && status < 300;
      if (delivered || delivery.attempts >= this.maxAttempts) {
        const record: DeliveryRecord = {
          eventId: delivery.eventId,
          endpointId: delivery.endpointId,
          url: delivery.url,
          attempts: delivery.attempts,
          lastStatus: status,
          delivered,
        };
        this.history.push(record);
        this.onFinished(record);
        return;
      }
      await this.wait(this.initialDelayMs * 2 ** (delivery.attempts - 1));
    }
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

  /** Resolves when every delivery queued so far, and any queued while waiting, is delivered or abandoned. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.allSettled([...this.pending]);
    }
  }

  /** Abandons pending retries (their waits end now and they stop without a further attempt). */
  cancelAll(): void {
    this.generation += 1;
    for (const [timer, resolve] of this.waits) {
      clearTimeout(timer);
      resolve();
    }
    this.waits.clear();
  }
}
