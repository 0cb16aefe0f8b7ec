/**
 * A limit on delivery attempts in flight at once, per webhook endpoint. Attempts beyond it wait for a free slot and
 * get them first come, first served, so a backlog of retries cannot pile ever more concurrent requests onto a slow
 * receiver (which would make it slower still, and each timeout feed yet another retry).
 */
export class EndpointSlots {
  private readonly busy = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  /** `limit`: attempts in flight per endpoint; `Infinity` for no limit. */
  constructor(private readonly limit: number) {}

  /** Resolves once the endpoint has a free slot, with the function that gives it back (calling it twice is harmless). */
  async acquire(endpointId: string): Promise<() => void> {
    if (this.limit === Number.POSITIVE_INFINITY) return () => {};
    const inUse = this.busy.get(endpointId) ?? 0;
    if (inUse < this.limit) {
      this.busy.set(endpointId, inUse + 1);
    } else {
      // The slot is handed over by `release` below, without the count ever dropping: nobody can jump the queue.
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(endpointId) ?? [];
        queue.push(resolve);
        this.waiting.set(endpointId, queue);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(endpointId);
    };
  }

  private release(endpointId: string): void {
    const queue = this.waiting.get(endpointId);
    const next = queue?.shift();
    if (queue?.length === 0) this.waiting.delete(endpointId);
    if (next) {
      next();
      return;
    }
    const inUse = (this.busy.get(endpointId) ?? 1) - 1;
    if (inUse > 0) this.busy.set(endpointId, inUse);
    else this.busy.delete(endpointId);
  }
}
