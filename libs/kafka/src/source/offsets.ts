/**
 * Kafka source offsets, in Spark's JSON shape `{ "topic": { "0": 42, "1": 17 } }`: per partition,
 * the next offset to read. A batch reads `[start[p], end[p])` of every partition.
 */
import { StreamlabError } from '@streamlab/core';

export type PartitionOffsetMap = Record<string, Record<string, number>>;

/** Spark's special offsets in startingOffsets JSON. */
export const EARLIEST = -2;
export const LATEST = -1;

/** Iterates `[topic, partition, offset]` of an offset map. */
export function* entries(offsets: PartitionOffsetMap): Generator<[string, number, number]> {
  for (const [topic, parts] of Object.entries(offsets)) {
    for (const [p, offset] of Object.entries(parts)) yield [topic, Number(p), offset];
  }
}

export function getOffset(offsets: PartitionOffsetMap | null, topic: string, partition: number): number | undefined {
  return offsets?.[topic]?.[String(partition)];
}

export function setOffset(offsets: PartitionOffsetMap, topic: string, partition: number, offset: number): void {
  (offsets[topic] ??= {})[String(partition)] = offset;
}

/**
 * Parses `startingOffsets` JSON (`{"topic":{"0":23,"1":-2}}`, -2 = earliest, -1 = latest).
 *
 * @example
 * parseOffsetJson('{"orders":{"0":-2,"1":100}}') // { orders: { '0': -2, '1': 100 } }
 */
export function parseOffsetJson(text: string, option = 'startingOffsets'): PartitionOffsetMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new StreamlabError('KAFKA_BAD_OFFSETS', `${option} is neither earliest, latest nor JSON: ${text}`, {
      value: text,
      hint: `use ${option}: 'earliest', 'latest' or '{"topic":{"0":-2,"1":42}}' (-2 = earliest, -1 = latest)`,
      cause: err,
    });
  }
  const bad = () =>
    new StreamlabError('KAFKA_BAD_OFFSETS', `${option} JSON must map topic -> partition -> offset (integer >= -2): ${text}`, {
      value: text,
      hint: `e.g. '{"orders":{"0":-2,"1":42}}'`,
    });
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bad();
  const out: PartitionOffsetMap = {};
  for (const [topic, parts] of Object.entries(parsed)) {
    if (typeof parts !== 'object' || parts === null || Array.isArray(parts)) throw bad();
    for (const [p, offset] of Object.entries(parts as Record<string, unknown>)) {
      if (!/^\d+$/.test(p) || typeof offset !== 'number' || !Number.isInteger(offset) || offset < -2) throw bad();
      setOffset(out, topic, Number(p), offset);
    }
  }
  return out;
}

/**
 * Spark's `maxOffsetsPerTrigger` split: each partition gets a share of `limit` proportional to its
 * backlog (`end - start`) in the total backlog; shares below one record round up, others round
 * down. `totalBacklog` is the backlog of all partitions of the source when these are only some of
 * them (a parallel query's worker: the others are other workers'); default: these partitions'.
 *
 * @example
 * rateLimit({ t: { '0': 0, '1': 0 } }, { t: { '0': 90, '1': 10 } }, 50) // { t: { '0': 45, '1': 5 } }
 * rateLimit({ t: { '0': 0 } }, { t: { '0': 90 } }, 50, 100)              // { t: { '0': 45 } }: partition 1 (10 records) is another worker's
 */
export function rateLimit(start: PartitionOffsetMap, end: PartitionOffsetMap, limit: number, totalBacklog?: number): PartitionOffsetMap {
  const sizes: [string, number, number, number][] = [];
  let own = 0;
  for (const [topic, partition, until] of entries(end)) {
    // A partition without a start is new: it is read from its beginning.
    const from = getOffset(start, topic, partition) ?? 0;
    const size = Math.max(0, until - from);
    sizes.push([topic, partition, from, size]);
    own += size;
  }
  const total = totalBacklog ?? own;
  if (total <= limit) return end;
  const out: PartitionOffsetMap = {};
  for (const [topic, partition, from, size] of sizes) {
    const prorate = (limit * size) / total;
    const share = prorate < 1 ? Math.ceil(prorate) : Math.floor(prorate);
    setOffset(out, topic, partition, from + Math.min(size, share));
  }
  return out;
}

/**
 * The records between two offset maps (a partition without a start counts from 0).
 *
 * @example
 * backlogOf({ t: { '0': 5 } }, { t: { '0': 9, '1': 3 } }) // 7
 */
export function backlogOf(start: PartitionOffsetMap, end: PartitionOffsetMap): number {
  let n = 0;
  for (const [topic, partition, until] of entries(end)) n += Math.max(0, until - (getOffset(start, topic, partition) ?? 0));
  return n;
}

/**
 * Progress metrics: how far `current` is behind `latest`, in total and per partition (max, min, avg).
 *
 * @example
 * behindLatest({ t: { '0': 10, '1': 4 } }, { t: { '0': 7, '1': 4 } }) // { offsetsBehindLatest: 3, maxOffsetsBehindLatest: 3, minOffsetsBehindLatest: 0, avgOffsetsBehindLatest: 1.5 }
 */
export function behindLatest(latest: PartitionOffsetMap, current: PartitionOffsetMap | null): Record<string, number> {
  const behind: number[] = [];
  for (const [topic, partition, high] of entries(latest)) behind.push(Math.max(0, high - (getOffset(current, topic, partition) ?? 0)));
  const sum = behind.reduce((a, b) => a + b, 0);
  return {
    offsetsBehindLatest: sum,
    maxOffsetsBehindLatest: behind.length ? Math.max(...behind) : 0,
    minOffsetsBehindLatest: behind.length ? Math.min(...behind) : 0,
    avgOffsetsBehindLatest: behind.length ? sum / behind.length : 0,
  };
}
