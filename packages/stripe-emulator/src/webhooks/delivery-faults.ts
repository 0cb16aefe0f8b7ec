import { globPattern } from '../control/patterns.js';
import type { SeededRandom } from '../control/seeded-random.js';

/** The faults armed for webhook deliveries, as `GET /_emulator/faults` shows them. */
export interface WebhookFaultsSnapshot {
  /** Deliveries still to drop (never sent), and the event types that count (all when absent). */
  drop: { remaining: number; eventType?: string } | null;
  /** Deliveries sent twice: the next `remaining` (null: until cleared), each with `probability`. */
  duplicate: { remaining: number | null; probability: number } | null;
  /** Wait before the first attempt: the next `remaining` deliveries (null: until cleared). */
  delay: { remaining: number | null; delayMs: number } | null;
  /** The next `batchSize` deliveries are held, then sent one by one in a shuffled order. */
  reorder: { batchSize: number; holdMs: number; held: number } | null;
  /** A receiver slower than this (ms) counts as failed; null uses the emulator's `webhookRetry.timeoutMs`. */
  timeoutMs: number | null;
}

/** What happens to one delivery, decided once when it is queued. */
export interface DeliveryPlan {
  dropped: boolean;
  duplicated: boolean;
  delayMs: number;
  /** Whether it joins the open reorder batch. */
  reorder: boolean;
}

/**
 * The webhook faults that control routes arm. Decisions draw from the emulator's seeded random source so that a
 * run is reproducible from its seed.
 */
export class WebhookFaults {
  private drop: { remaining: number; eventType?: string; matcher?: RegExp } | null = null;
  private duplicate: { remaining: number | null; probability: number } | null = null;
  private delay: { remaining: number | null; delayMs: number } | null = null;
  private reorder: { remaining: number; batchSize: number; holdMs: number } | null = null;
  /** Receiver timeout override in ms. */
  timeoutMs: number | null = null;

  constructor(private readonly random: SeededRandom) {}

  /** The next `count` deliveries (of `eventType`, a glob such as `invoice.*`, when given) are never sent. */
  dropNext(count: number, eventType?: string): void {
    this.drop = {
      remaining: count,
      ...(eventType === undefined ? {} : { eventType, matcher: globPattern(eventType) }),
    };
  }

  /** Deliveries are sent twice: the next `count` (or all until cleared) with `probability` each. */
  duplicateNext(count: number | null, probability: number): void {
    this.duplicate = { remaining: count, probability };
  }

  /** The next `count` deliveries (or all until cleared) wait `delayMs` before their first attempt. */
  delayNext(count: number | null, delayMs: number): void {
    this.delay = { remaining: count, delayMs };
  }

  /** The next `batchSize` deliveries are held and sent in a shuffled order (after `holdMs` at most). */
  reorderNext(batchSize: number, holdMs: number): void {
    this.reorder = { remaining: batchSize, batchSize, holdMs };
  }

  /** Decides the fate of the next delivery, consuming the counters it uses. */
  plan(eventType: string): DeliveryPlan {
    const plan: DeliveryPlan = { dropped: false, duplicated: false, delayMs: 0, reorder: false };
    if (this.drop && (this.drop.matcher === undefined || this.drop.matcher.test(eventType))) {
      this.drop.remaining -= 1;
      if (this.drop.remaining <= 0) this.drop = null;
      plan.dropped = true;
      return plan;
    }
    if (this.duplicate) {
      plan.duplicated = this.random.next() < this.duplicate.probability;
      if (this.duplicate.remaining !== null) {
        this.duplicate.remaining -= 1;
        if (this.duplicate.remaining <= 0) this.duplicate = null;
      }
    }
    if (this.delay) {
      plan.delayMs = this.delay.delayMs;
      if (this.delay.remaining !== null) {
        this.delay.remaining -= 1;
        if (this.delay.remaining <= 0) this.delay = null;
      }
    }
    if (this.reorder) {
      plan.reorder = true;
      this.reorder.remaining -= 1;
    }
    return plan;
  }

  /** The reorder batch settings while one is being filled. */
  reorderSettings(): { batchSize: number; holdMs: number; full: boolean } | null {
    if (!this.reorder) return null;
    return { ...this.reorder, full: this.reorder.remaining <= 0 };
  }

  /** Called once the batch is full: later deliveries are not held. */
  closeReorder(): void {
    this.reorder = null;
  }

  /** What is armed now; `held` is supplied by the queue. */
  snapshot(held: number): WebhookFaultsSnapshot {
    return {
      drop: this.drop && {
        remaining: this.drop.remaining,
        ...(this.drop.eventType === undefined ? {} : { eventType: this.drop.eventType }),
      },
      duplicate: this.duplicate && { ...this.duplicate },
      delay: this.delay && { ...this.delay },
      reorder: this.reorder && { batchSize: this.reorder.batchSize, holdMs: this.reorder.holdMs, held },
      timeoutMs: this.timeoutMs,
    };
  }

  /** Disarms everything. */
  clear(): void {
    this.drop = null;
    this.duplicate = null;
    this.delay = null;
    this.reorder = null;
    this.timeoutMs = null;
  }
}
