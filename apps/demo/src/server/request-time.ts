import { AsyncLocalStorage } from 'node:async_hooks';

const requestTime = new AsyncLocalStorage<Date>();

/**
 * Runs `work` with "now" set to `time` (the signed-in organisation's test clock), so the billing server's grace
 * periods and card expiry follow the clock the developer panel advances instead of the wall clock.
 */
export function runAtTime<T>(time: Date | null, work: () => T): T {
  return time ? requestTime.run(time, work) : work();
}

/** The time of the request being handled: its organisation's test clock, else the system clock. */
export function currentRequestTime(): Date {
  return requestTime.getStore() ?? new Date();
}
