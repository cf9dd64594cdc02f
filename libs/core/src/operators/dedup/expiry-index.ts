/**
 * Keys by expiry time in 1-second buckets, so evicting what the watermark passed touches only
 * those keys instead of scanning all of the state.
 */
const BUCKET_MS = 1000;

export class ExpiryIndex<K> {
  private readonly buckets = new Map<number, K[]>();
  private lastStart = Number.NaN;
  private lastBucket: K[] | undefined;

  add(key: K, expiry: number): void {
    const start = expiry - (((expiry % BUCKET_MS) + BUCKET_MS) % BUCKET_MS);
    if (start !== this.lastStart || this.lastBucket === undefined) {
      let b = this.buckets.get(start);
      if (b === undefined) this.buckets.set(start, (b = []));
      this.lastStart = start;
      this.lastBucket = b;
    }
    this.lastBucket.push(key);
  }

  /**
   * Calls `evict(key)` for every key whose expiry (read back with `expiryOf`) is `<= wm`; returns
   * the smallest expiry left.
   *
   * @example
   * index.evictUpTo(wm, (k) => store.get(k)!, (k) => store.remove(k));
   */
  evictUpTo(wm: number, expiryOf: (key: K) => number, evict: (key: K) => void): number {
    let min = Infinity;
    for (const [start, keys] of this.buckets) {
      if (start > wm) {
        if (start < min) min = start;
        continue;
      }
      if (start + BUCKET_MS - 1 <= wm) {
        for (const k of keys) evict(k);
        this.buckets.delete(start);
        continue;
      }
      const rest: K[] = [];
      for (const k of keys) {
        const e = expiryOf(k);
        if (e <= wm) evict(k);
        else {
          rest.push(k);
          if (e < min) min = e;
        }
      }
      if (rest.length === 0) this.buckets.delete(start);
      else this.buckets.set(start, rest);
    }
    this.lastBucket = undefined;
    this.lastStart = Number.NaN;
    return min;
  }

  clear(): void {
    this.buckets.clear();
    this.lastBucket = undefined;
    this.lastStart = Number.NaN;
  }
}
