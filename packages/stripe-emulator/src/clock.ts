/** Called after the global clock moved forward, with the new emulated time (unix seconds). */
export type ClockAdvanceListener = (now: number) => void;

/**
 * The global emulated clock: real time plus an offset that only moves forward. Every `created`, period boundary,
 * event time and idempotency-key age comes from here. `POST /_emulator/clock/advance` moves it (e.g. 24 h to expire
 * idempotency keys, 23 h to expire incomplete subscriptions). Per-customer test clocks live in `src/billing/`.
 */
export class EmulatorClock {
  private offsetSeconds = 0;
  private readonly listeners = new Set<ClockAdvanceListener>();

  /** Current emulated time in unix seconds. */
  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }

  /** How far ahead of real time the emulated clock runs, in seconds. */
  offset(): number {
    return this.offsetSeconds;
  }

  /**
   * Moves emulated time forward (never backward: Stripe's clocks only advance), then tells every listener, so that
   * work that falls due (expiries, sweeps) runs.
   */
  advanceBy(seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0)
      throw new Error('The emulated clock only moves forward: pass a positive number of seconds.');
    this.offsetSeconds += Math.floor(seconds);
    const now = this.now();
    for (const listener of [...this.listeners]) listener(now);
  }

  /**
   * Runs `listener` after each `advanceBy` (engine uses it for `incomplete_expired` and other sweeps). Returns a
   * function that removes it.
   */
  onAdvance(listener: ClockAdvanceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Back to real time (listeners stay registered: they belong to the emulator, not to its state). */
  reset(): void {
    this.offsetSeconds = 0;
  }
}
