import type { SeededRandom } from '../control/seeded-random.js';

interface Turn {
  resolve: () => void;
  promise: Promise<void>;
}

function createTurn(): Turn {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { resolve, promise };
}

/**
 * A batch of held deliveries for the reorder fault. Once released, its members go one at a time in a shuffled
 * order: each waits for its turn, and the next turn starts when the previous member's first attempt is over, so a
 * receiver sees exactly the shuffled order.
 */
export class ReorderBatch {
  private readonly turns = new Map<number, Turn>();
  private order: number[] = [];
  private position = 0;
  private released = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly random: SeededRandom,
    holdMs: number,
    private readonly onReleased: (batch: ReorderBatch) => void,
  ) {
    // A batch that never fills still goes out: nothing is held forever.
    this.timer = setTimeout(() => this.release(), holdMs);
  }

  /** How many deliveries wait in the batch. */
  get size(): number {
    return this.turns.size;
  }

  /** Adds a delivery (by sequence number); the promise resolves when it is its turn. */
  join(sequence: number): Promise<void> {
    const turn = createTurn();
    this.turns.set(sequence, turn);
    return turn.promise;
  }

  /** Shuffles the members with the seeded source and lets the first one go. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    clearTimeout(this.timer);
    this.order = this.random.shuffle([...this.turns.keys()]);
    this.onReleased(this);
    this.turns.get(this.order[0] as number)?.resolve();
  }

  /** The member `sequence` finished its first attempt (or stopped): the next one may go. */
  done(sequence: number): void {
    if (!this.released || this.order[this.position] !== sequence) return;
    this.position += 1;
    const next = this.order[this.position];
    if (next !== undefined) this.turns.get(next)?.resolve();
  }

  /** Lets every member go at once (reset, close). */
  cancel(): void {
    this.released = true;
    clearTimeout(this.timer);
    for (const turn of this.turns.values()) turn.resolve();
  }
}
