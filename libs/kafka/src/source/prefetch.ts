/**
 * Read-ahead for the Kafka source: while the engine processes batch N, the records batch N+1 will
 * most likely read (from batch N's end offsets on) are fetched in the background. A later read
 * takes them only when its range starts exactly where the prefetch started, and only the offsets
 * it asks for, so what a batch reads never depends on whether a prefetch happened.
 */
import type { KafkaReader, KafkaRecord, PartitionRange, RecordVisitor, ScanningReader } from '../port.js';
import { entries, getOffset, type PartitionOffsetMap } from './offsets.js';

interface Pending<T> {
  from: number;
  until: number;
  value: Promise<T | undefined>;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** The read-aheads in flight, one per partition, whatever a read-ahead holds (records, or fetched bytes). */
class ReadAhead<T> {
  private pending = new Map<string, Pending<T>>();

  /** Starts `fetch(ranges)` (one result per range) for the ranges with none in flight; failures become `undefined`. */
  start(ranges: readonly PartitionRange[], fetch: (ranges: readonly PartitionRange[]) => Promise<T[]>): void {
    const wanted = ranges.filter((r) => r.until > r.from && !this.pending.has(key(r.topic, r.partition)));
    if (wanted.length === 0) return;
    const all = fetch(wanted).catch(() => undefined);
    wanted.forEach((r, i) => this.pending.set(key(r.topic, r.partition), { from: r.from, until: r.until, value: all.then((res) => res?.[i]) }));
  }

  /** Removes the read-ahead of `r`'s partition; returns it when it started at `r.from` and did not fail. */
  async take(r: PartitionRange): Promise<{ until: number; value: T } | undefined> {
    const k = key(r.topic, r.partition);
    const p = this.pending.get(k);
    this.pending.delete(k);
    const value = p && p.from === r.from ? await p.value : undefined;
    return p && value !== undefined ? { until: p.until, value } : undefined;
  }

  /** Keeps `value` as the read-ahead of `r`'s partition for `[from, until)`. */
  keep(r: PartitionRange, from: number, until: number, value: T): void {
    this.pending.set(key(r.topic, r.partition), { from, until, value: Promise.resolve(value) });
  }

  clear(): void {
    this.pending.clear();
  }
}

export class PrefetchingReader {
  private readonly ahead = new ReadAhead<KafkaRecord[]>();

  constructor(private readonly reader: KafkaReader) {}

  /** Starts reading `ranges` in the background; failures are ignored (the real read reports them). */
  prefetch(ranges: readonly PartitionRange[]): void {
    this.ahead.start(ranges, (rs) => this.reader.read(rs));
  }

  /** The records of each range, from the prefetch where it covers them, else from the broker. */
  async read(ranges: readonly PartitionRange[]): Promise<KafkaRecord[][]> {
    const out: KafkaRecord[][] = ranges.map(() => []);
    const rest: PartitionRange[] = [];
    const restIndex: number[] = [];
    await Promise.all(
      ranges.map(async (r, i) => {
        const p = await this.ahead.take(r);
        if (!p) {
          rest.push(r);
          restIndex.push(i);
          return;
        }
        const records = p.value;
        const until = Math.min(p.until, r.until);
        out[i] = records.length > 0 && records[records.length - 1]!.offset < until ? records : records.filter((rec) => rec.offset < until);
        if (p.until < r.until) {
          rest.push({ ...r, from: p.until });
          restIndex.push(i);
        } else if (p.until > r.until) {
          // Keep what this batch did not need for the next one.
          this.ahead.keep(
            r,
            r.until,
            p.until,
            records.filter((rec) => rec.offset >= r.until),
          );
        }
      }),
    );
    if (rest.length > 0) {
      const fetched = await this.reader.read(rest);
      fetched.forEach((records, j) => {
        const into = out[restIndex[j]!]!;
        for (let k = 0; k < records.length; k++) into.push(records[k]!); // no push(...records): it overflows the stack on large fetches
      });
    }
    return out;
  }

  /** Forgets every prefetch (after an error, or when the source stops). */
  clear(): void {
    this.ahead.clear();
  }
}

/**
 * What the next batch most likely reads: from `end` up to the `latest` offsets seen, at most
 * `budget` records in all (split by backlog, at least one per partition).
 *
 * @example
 * readAheadRanges({ t: { '0': 100 } }, { t: { '0': 40 } }, 10) // [{ topic: 't', partition: 0, from: 40, until: 50 }]
 */
export function readAheadRanges(latest: PartitionOffsetMap, end: PartitionOffsetMap, budget: number): PartitionRange[] {
  const ranges: PartitionRange[] = [];
  for (const [topic, partition, high] of entries(latest)) {
    const from = getOffset(end, topic, partition);
    if (from !== undefined && high > from) ranges.push({ topic, partition, from, until: high });
  }
  const total = ranges.reduce((n, r) => n + r.until - r.from, 0);
  if (total > budget) for (const r of ranges) r.until = r.from + Math.max(1, Math.floor(((r.until - r.from) * budget) / total));
  return ranges;
}

type ScanVisitor = RecordVisitor & { begin(range: PartitionRange): void };

/**
 * The same read-ahead for the fused scan + decode path (a reader that can `collect` and `replay`):
 * the next batch's fetch responses are fetched while the engine processes this batch and kept as
 * bytes; the next scan visits them as if it had fetched them then. The same rules as
 * `PrefetchingReader`: a range takes a read-ahead only when it starts exactly where the read-ahead
 * started, and only the offsets it asks for (the rest of a longer read-ahead is dropped).
 */
export class ScanPrefetch {
  private readonly ahead = new ReadAhead<unknown>();

  constructor(private readonly reader: ScanningReader & Required<Pick<ScanningReader, 'collect' | 'replay'>>) {}

  /** Starts fetching `ranges` in the background; failures are ignored (the real scan reports them). */
  prefetch(ranges: readonly PartitionRange[]): void {
    this.ahead.start(ranges, (rs) => this.reader.collect(rs));
  }

  /** Visits the records of `ranges`: from the read-ahead where it covers them, else from the broker. */
  async scan(ranges: readonly PartitionRange[], visitor: ScanVisitor): Promise<void> {
    const rest: PartitionRange[] = [];
    for (const r of ranges) {
      const p = await this.ahead.take(r);
      if (!p) {
        rest.push(r);
        continue;
      }
      this.reader.replay(p.value, { ...r, until: Math.min(p.until, r.until) }, visitor);
      if (p.until < r.until) rest.push({ ...r, from: p.until });
    }
    if (rest.length > 0) await this.reader.scan(rest, visitor);
  }

  /** Forgets every read-ahead (after an error, or when the source stops). */
  clear(): void {
    this.ahead.clear();
  }
}
