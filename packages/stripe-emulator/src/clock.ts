/**
 * The emulated clock. Every `created`, period boundary and event time comes from here, so that test clocks can
 * later move time forward without touching the resources.
 */
export class EmulatorClock {
  private offsetSeconds = 0;

  /** Current emulated time in unix seconds. */
  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }

  /** Moves emulated time forward (never backward: Stripe's clocks only advance). */
  advanceBy(seconds: number): void {
    if (seconds < 0)
      throw new Error('The emulated clock only moves forward: pass a positive number of seconds.');
    this.offsetSeconds += seconds;
  }

  /** Back to real time. */
  reset(): void {
    this.offsetSeconds = 0;
  }
}
