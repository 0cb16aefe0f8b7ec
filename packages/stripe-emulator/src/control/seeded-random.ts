/**
 * A small seeded pseudo-random source (mulberry32). Fault injection draws from it (duplicate probability, reorder
 * shuffles), so a run with the same seed and the same calls makes the same choices.
 */
export class SeededRandom {
  private state = 0;
  private currentSeed = 0;

  constructor(seed: number) {
    this.reseed(seed);
  }

  /** The seed the sequence was last started from. */
  get seed(): number {
    return this.currentSeed;
  }

  /** Restarts the sequence from `seed` (any integer; taken modulo 2^32). */
  reseed(seed: number): void {
    this.currentSeed = seed;
    this.state = seed >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** A shuffled copy of `items` (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let index = copy.length - 1; index > 0; index -= 1) {
      const other = Math.floor(this.next() * (index + 1));
      [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
    }
    return copy;
  }
}

/** A seed for runs that did not ask for one (printed by the CLI and returned by the control routes). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2_147_483_647);
}
