/**
 * The random source the model needs. `@streamlab/datagen`'s seeded `Rng` satisfies it; the model
 * never uses `Math.random` or the wall clock, so a seed gives the same world and the same stream.
 */
export interface SimRng {
  next(): number;
  int(n: number): number;
  range(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  normal(mean?: number, sd?: number): number;
  fork(...labels: readonly (string | number)[]): SimRng;
}

/**
 * Weighted choice by binary search over cumulative weights: O(log n) per draw, no allocation.
 *
 * @example
 * const picker = new WeightedPicker([1, 3]);
 * picker.pick(rng); // 1 three times out of four
 */
export class WeightedPicker {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += Math.max(0, weights[i]!);
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  /** An index, chosen with probability proportional to its weight. */
  pick(rng: Pick<SimRng, 'next'>): number {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** A standard normal draw truncated to `[-limit, limit]` (resampled), for bounded habits. */
export function truncatedNormal(rng: SimRng, limit: number): number {
  for (;;) {
    const z = rng.normal();
    if (z >= -limit && z <= limit) return z;
  }
}
