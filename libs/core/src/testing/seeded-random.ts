/**
 * A small seeded pseudo-random generator (mulberry32) for tests and benchmarks, so a generated
 * workload or a failing run can be repeated exactly from its seed. Not for cryptography.
 *
 * @example
 * const random = seededRandom(42);
 * random(); // a number in [0, 1), the same sequence for seed 42 every time
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
