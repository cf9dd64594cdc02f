/**
 * Keys by expiry time in 1-second buckets, so evicting what the watermark passed touches only
 * those keys instead of scanning all of the state. Each bucket keeps the expiries next to the
 * keys, so eviction never reads them back from the store.
 */
const BUCKET_MS = 1000;

interface Bucket<K> {
  keys: K[];
  expiries: number[];
}

export class ExpiryIndex<K> {
  private readonly buckets = new Map<number, Bucket<K>>();
  private lastStart = Number.NaN;
  private lastBucket: Bucket<K> | undefined;

  add(key: K, expiry: number): void {
    const start = expiry - (((expiry % BUCKET_MS) + BUCKET_MS) % BUCKET_MS);
    let b = this.lastBucket;
    if (start !== this.lastStart || b === undefined) {
      b = this.buckets.get(start);
      if (b === undefined) this.buckets.set(start, (b = { keys: [], expiries: [] }));
      this.lastStart = start;
      this.lastBucket = b;
    }
    b.keys.push(key);
    b.expiries.push(expiry);
  }

  /**
   * Calls `evict(key, expiry)` for every key whose expiry is `<= wm`; returns the smallest expiry left.
   *
   * @example
   * index.evictUpTo(wm, (k, expiry) => store.removeKnown(k, expiry));
   */
  evictUpTo(wm: number, evict: (key: K, expiry: number) => void): number {
    let min = Infinity;
    for (const [start, b] of this.buckets) {
      if (start > wm) {
        if (start < min) min = start;
        continue;
      }
      const { keys, expiries } = b;
      if (start + BUCKET_MS - 1 <= wm) {
        for (let i = 0; i < keys.length; i++) evict(keys[i]!, expiries[i]!);
        this.buckets.delete(start);
        continue;
      }
      let keep = 0;
      for (let i = 0; i < keys.length; i++) {
        const e = expiries[i]!;
        if (e <= wm) evict(keys[i]!, e);
        else {
          keys[keep] = keys[i]!;
          expiries[keep++] = e;
          if (e < min) min = e;
        }
      }
      if (keep === 0) this.buckets.delete(start);
      else keys.length = expiries.length = keep;
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
