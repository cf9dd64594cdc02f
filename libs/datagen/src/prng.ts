/**
 * A fast, seeded pseudo-random number generator for the simulators' hot path (sfc32, seeded
 * through splitmix32). Same seed, same sequence, on every platform; no `Math.random` anywhere.
 *
 * Streams are split by label (`rng.fork('arrivals')`), so that adding a draw in one part of a
 * model (say, disorder) does not shift the numbers another part (the records) sees.
 */

/** A seed: an integer or a string (hashed). */
export type Seed = number | string;

/**
 * Hashes a seed and any labels into one 32-bit unsigned integer (FNV-1a, then avalanche-mixed).
 *
 * @example
 * hashSeed(42, 'entity', 7); // the seed of entity 7, stable across runs and versions
 */
export function hashSeed(seed: Seed, ...labels: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff; // separator, so ('ab','c') and ('a','bc') differ
    h = Math.imul(h, 0x01000193);
  };
  feed(String(seed));
  for (const label of labels) feed(String(label));
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seeded generator (sfc32). Cheap to create, cheap to call.
 *
 * @example
 * const rng = new Rng(42);
 * rng.next();           // 0 <= x < 1, the same on every run
 * rng.int(6) + 1;       // a die roll
 * rng.fork('amounts');  // an independent stream derived from the same seed
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly seedValue: number;
  private spareNormal = Number.NaN;

  constructor(seed: Seed) {
    const s = typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed >>> 0 : hashSeed(seed);
    this.seedValue = s;
    // splitmix32 expands the 32-bit seed into sfc32's 128-bit state.
    let x = s;
    const split = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = split();
    this.b = split();
    this.c = split();
    this.d = split() | 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The 32-bit seed this generator started from. */
  get seed(): number {
    return this.seedValue;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in `[0, 1)`. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in `[0, n)`. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniform float in `[min, max)`. */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** `true` with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** A normally distributed float (Box-Muller; two draws per pair of values). */
  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spareNormal)) {
      const v = this.spareNormal;
      this.spareNormal = Number.NaN;
      return mean + sd * v;
    }
    let u = this.next();
    while (u === 0) u = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    this.spareNormal = r * Math.sin(theta);
    return mean + sd * r * Math.cos(theta);
  }

  /** An exponentially distributed float with the given mean (inter-arrival times). */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** A log-normal float whose median is `median` (amounts, durations). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** An independent generator derived from this one's seed and `labels` (not from its position). */
  fork(...labels: readonly (string | number)[]): Rng {
    return new Rng(hashSeed(this.seedValue, ...labels));
  }
}
