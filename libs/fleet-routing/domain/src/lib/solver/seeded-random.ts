import { type RandomGenerator, unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

const TWO_TO_32 = 4294967296;

/**
 * The search's only source of chance: pure-rand's xoroshiro128+ from one integer seed, so the
 * same seed replays the same search. Mutable on purpose: the inner loops draw millions of numbers.
 *
 * @example
 * const random = new SeededRandom(42);
 * random.below(10); // an integer in [0, 10)
 */
export class SeededRandom {
  private readonly generator: RandomGenerator;

  constructor(seed: number) {
    this.generator = xoroshiro128plus(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    return (this.generator.unsafeNext() >>> 0) / TWO_TO_32;
  }

  /** An integer in [0, bound), bound at least 1. */
  below(bound: number): number {
    return unsafeUniformIntDistribution(0, bound - 1, this.generator);
  }

  /** Shuffles `items` in place (Fisher-Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const held = items[i] as T;
      items[i] = items[j] as T;
      items[j] = held;
    }
    return items;
  }
}
