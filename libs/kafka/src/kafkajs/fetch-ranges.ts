/**
 * Reading exact offset ranges from a real broker with kafkajs's internal cluster (no consumer
 * group): fetch requests per partition leader, pipelined (the next request is on the wire while the
 * records of the last response are handed out), until every range is complete.
 *
 * `fetchRanges` returns records; `scanRanges` hands each record's value to a `RecordVisitor` as the
 * response arrives, so kafkajs's message objects die young and no record object is built for values
 * the visitor takes.
 */
import { StreamlabError } from '@streamlab/core';
import type { IsolationLevel, KafkaRecord, PartitionRange, RecordVisitor, TimestampType } from '../port.js';
import { fromRawMessage, kafkaErrorType, type RawMessage } from './convert.js';
import { ensureMetadataCovers, ISOLATION, listPartitionOffsets, type InternalBroker, type InternalCluster } from './internals.js';
import { fetchRaw, type RawFetchPartition } from './raw-fetch.js';
import { AbortedTransactions, readHeaders, scanRecordSet, type RawRecordSink } from './record-batch.js';

/** Bytes per fetch response and per partition: small responses keep kafkajs's decoding garbage small (see BENCHMARKS.md). */
const MAX_BYTES = 2 * 1024 * 1024;
const PARTITION_MAX_BYTES = 512 * 1024;

/**
 * Called with each visible record of range `i` below its `until`, in offset order per range: as a
 * kafkajs message (`message`), or straight from a raw record set (`raw(i)` is the sink for range `i`).
 */
interface Visit {
  message(i: number, m: RawMessage): void;
  raw(i: number): RawRecordSink;
}

/** A raw record as the port's record (key, value and headers are views of the response). */
function rawRecord(
  topic: string,
  partition: number,
  offset: number,
  timestamp: number,
  timestampType: TimestampType,
  bytes: Buffer,
  ks: number,
  ke: number,
  vs: number,
  ve: number,
  hc: number,
  hs: number,
): KafkaRecord {
  return {
    key: ks < 0 ? null : bytes.subarray(ks, ke),
    value: vs < 0 ? null : bytes.subarray(vs, ve),
    topic,
    partition,
    offset,
    timestamp,
    timestampType,
    headers: hc === 0 ? [] : readHeaders(bytes, hc, hs),
  };
}

/**
 * Reads exactly `[from, until)` of each range. Throws `KAFKA_OFFSET_OUT_OF_RANGE` when a range
 * starts below the partition's log start.
 */
export async function fetchRanges(cluster: InternalCluster, ranges: readonly PartitionRange[], isolationLevel: IsolationLevel): Promise<KafkaRecord[][]> {
  const out: KafkaRecord[][] = ranges.map(() => []);
  const visit: Visit = {
    message: (i, m) => out[i]!.push(fromRawMessage(ranges[i]!.topic, ranges[i]!.partition, m)),
    raw: (i) => {
      const { topic, partition } = ranges[i]!;
      const list = out[i]!;
      return { record: (...a) => list.push(rawRecord(topic, partition, ...a)) };
    },
  };
  await fetchEach(cluster, ranges, isolationLevel, (i, p, from) => visitVisible(p, i, ranges[i]!.until, from, visit));
  return out;
}

/**
 * Visits exactly the records `fetchRanges` would return, as they arrive (`begin` before each run
 * of one range's records; runs of different ranges interleave). When it throws (e.g.
 * `KAFKA_OFFSET_OUT_OF_RANGE`), some records may have been visited already: discard the visitor.
 */
export async function scanRanges(
  cluster: InternalCluster,
  ranges: readonly PartitionRange[],
  isolationLevel: IsolationLevel,
  visitor: ScanVisitor,
): Promise<void> {
  const visit = scanVisit(ranges, visitor);
  await fetchEach(cluster, ranges, isolationLevel, (i, p, from) => visitVisible(p, i, ranges[i]!.until, from, visit));
}

type ScanVisitor = RecordVisitor & { begin(range: PartitionRange): void };

/** How a scan hands records to `visitor`: `begin` before each run of one range's records. */
function scanVisit(ranges: readonly PartitionRange[], visitor: ScanVisitor): Visit {
  let current = -1;
  const enter = (i: number) => {
    if (i !== current) {
      visitor.begin(ranges[i]!);
      current = i;
    }
  };
  return {
    message: (i, m) => {
      const r = ranges[i]!;
      enter(i);
      const v = m.value;
      if (v === null || !visitor.value(v, 0, v.length)) visitor.record(fromRawMessage(r.topic, r.partition, m));
    },
    raw: (i) => {
      const { topic, partition } = ranges[i]!;
      return {
        record(offset, timestamp, type, bytes, ks, ke, vs, ve, hc, hs) {
          enter(i);
          if (vs < 0 || !visitor.value(bytes, vs, ve)) visitor.record(rawRecord(topic, partition, offset, timestamp, type, bytes, ks, ke, vs, ve, hc, hs));
        },
      };
    },
  };
}

/** A fetched partition response of a range, kept to be visited later (`replayRange`). */
export interface FetchedPart {
  p: RawFetchPartition;
  from: number;
}

/**
 * Fetches the ranges without visiting anything (a read-ahead): per range, its fetched responses,
 * to visit with `replayRange` once they are asked for. Throws as `scanRanges` does.
 */
export async function collectRanges(cluster: InternalCluster, ranges: readonly PartitionRange[], isolationLevel: IsolationLevel): Promise<FetchedPart[][]> {
  const out: FetchedPart[][] = ranges.map(() => []);
  await fetchEach(cluster, ranges, isolationLevel, (i, p, from) => out[i]!.push({ p, from }));
  return out;
}

/** Visits what a scan of `range` would, from the responses `collectRanges` kept for a range that started at `range.from` and reached at least `range.until`. */
export function replayRange(parts: readonly FetchedPart[], range: PartitionRange, visitor: ScanVisitor): void {
  const visit = scanVisit([range], visitor);
  for (const { p, from } of parts) visitVisible(p, 0, range.until, from, visit);
}

/** Fetches the ranges, handing each response partition of range `i` (fetched from offset `from`) to `onPart` as it arrives. */
async function fetchEach(
  cluster: InternalCluster,
  ranges: readonly PartitionRange[],
  isolationLevel: IsolationLevel,
  onPart: (i: number, p: RawFetchPartition, from: number) => void,
): Promise<void> {
  const next = ranges.map((r) => r.from);
  const topics = [...new Set(ranges.map((r) => r.topic))];
  await cluster.addMultipleTargetTopics(topics);
  for (const topic of topics) {
    await ensureMetadataCovers(
      cluster,
      topic,
      ranges.filter((r) => r.topic === topic).map((r) => r.partition),
    );
  }
  const pendingOf = (indexes: number[]) => indexes.filter((i) => next[i]! < ranges[i]!.until);
  let stalls = 0;
  for (;;) {
    const pending = pendingOf(ranges.map((_, i) => i));
    if (pending.length === 0) return;
    const byLeader = new Map<string, number[]>();
    for (const i of pending) {
      const r = ranges[i]!;
      const nodeId = Object.keys(cluster.findLeaderForPartitions(r.topic, [r.partition]))[0];
      if (nodeId === undefined) throw new StreamlabError('KAFKA_UNKNOWN_TOPIC', `no leader for ${r.topic}-${r.partition}`, { value: r, retriable: true });
      byLeader.set(nodeId, [...(byLeader.get(nodeId) ?? []), i]);
    }
    let progressed = false;
    await Promise.all(
      [...byLeader].map(async ([nodeId, indexes]) => {
        const broker = await cluster.findBroker({ nodeId });
        const request = (wanted: number[]) => {
          const p = fetchOnce(broker, ranges, wanted, next, isolationLevel);
          p.catch(() => undefined); // awaited below; this only keeps a pipelined failure from being "unhandled"
          return p;
        };
        let inflight: Promise<Awaited<ReturnType<typeof fetchRaw>>> | undefined = request(indexes);
        while (inflight) {
          let response: Awaited<ReturnType<typeof fetchRaw>>;
          try {
            response = await inflight;
          } catch (err) {
            if (kafkaErrorType(err) === 'OFFSET_OUT_OF_RANGE')
              throw await outOfRange(
                cluster,
                indexes.map((i) => ranges[i]!),
                err,
              );
            if (kafkaErrorType(err) !== 'NOT_LEADER_FOR_PARTITION' && kafkaErrorType(err) !== 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
            await cluster.refreshMetadata();
            return;
          }
          // Work out the next offsets and put the next request on the wire before handing records out.
          const got: [number, RawFetchPartition, number][] = [];
          let moved = false;
          for (const topicResponse of response.responses) {
            for (const p of topicResponse.partitions) {
              const i = indexes.find((j) => ranges[j]!.topic === topicResponse.topicName && ranges[j]!.partition === p.partition);
              if (i === undefined) continue;
              const from = next[i]!;
              const advanced = nextOffset(p, from);
              if (advanced > from) moved = true;
              next[i] = advanced;
              got.push([i, p, from]);
            }
          }
          if (moved) progressed = true;
          const still = pendingOf(indexes);
          inflight = moved && still.length > 0 ? request(still) : undefined;
          for (const [i, p, from] of got) onPart(i, p, from);
        }
      }),
    );
    stalls = progressed ? 0 : stalls + 1;
    if (stalls > 100) {
      const stuck = pendingOf(ranges.map((_, i) => i)).map((i) => ({ ...ranges[i]!, next: next[i] }));
      throw new StreamlabError('KAFKA_RANGE_UNAVAILABLE', `offsets requested are not (yet) readable: ${JSON.stringify(stuck)}`, {
        value: stuck,
        hint: 'a range must end at or below the high watermark (last stable offset under read_committed)',
        retriable: true,
      });
    }
  }
}

function fetchOnce(broker: InternalBroker, ranges: readonly PartitionRange[], indexes: number[], next: number[], isolationLevel: IsolationLevel) {
  const byTopic = new Map<string, { partition: number; fetchOffset: string; maxBytes: number }[]>();
  for (const i of indexes) {
    const r = ranges[i]!;
    byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), { partition: r.partition, fetchOffset: String(next[i]), maxBytes: PARTITION_MAX_BYTES }]);
  }
  return fetchRaw(broker, {
    isolationLevel: ISOLATION[isolationLevel],
    maxWaitTime: 50,
    minBytes: 1,
    maxBytes: MAX_BYTES,
    topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
  });
}

/** The next offset to fetch after this response (control and aborted records occupy offsets too). */
function nextOffset(p: RawFetchPartition, from: number): number {
  if (p.records) return Math.max(from, p.next ?? -1);
  const messages = p.messages;
  if (messages.length === 0) return from;
  return Math.max(from, Number(messages[messages.length - 1]!.offset) + 1);
}

/** Visits the visible records of one fetched partition from `from` (inclusive) below `until`. */
function visitVisible(p: RawFetchPartition, i: number, until: number, from: number, visit: Visit): void {
  // Under read_committed, the records of aborted transactions and control records occupy offsets but are not returned.
  const aborted =
    p.abortedTransactions?.length > 0 ? new AbortedTransactions(p.abortedTransactions as { producerId: string; firstOffset: string }[]) : undefined;
  if (p.records) {
    scanRecordSet(p.records, 0, p.records.length, from, until, visit.raw(i), aborted);
    return;
  }
  const messages = p.messages;
  for (let k = 0; k < messages.length; k++) {
    const m = messages[k]!;
    const offset = Number(m.offset);
    if (aborted !== undefined && !visibleMessage(m, offset, aborted)) continue;
    // compressed batches can start before the fetch offset
    if (m.isControlRecord || offset < from || offset >= until) continue;
    visit.message(i, m);
  }
}

/** `AbortedTransactions` over kafkajs's messages (a compressed or older batch): false for a record of an aborted transaction. */
function visibleMessage(m: RawMessage, offset: number, aborted: AbortedTransactions): boolean {
  const batch = m.batchContext as { producerId?: string; inTransaction?: boolean } | undefined;
  const producerId = Number(batch?.producerId ?? -1);
  if (!(producerId >= 0)) return true;
  aborted.enter(offset);
  if (m.isControlRecord) {
    // an ABORT marker's key: version 0, type 0
    if (batch?.inTransaction && m.key !== null && m.key.length >= 4 && m.key.readInt16BE(2) === 0) aborted.leave(producerId);
    return false;
  }
  return !(batch?.inTransaction && aborted.has(producerId));
}

async function outOfRange(cluster: InternalCluster, ranges: PartitionRange[], cause: unknown): Promise<StreamlabError> {
  const lows = await Promise.all(ranges.map((r) => listPartitionOffsets(cluster, r.topic, [r.partition])));
  const bad = ranges.find((r, k) => r.from < (lows[k]![0]?.low ?? 0)) ?? ranges[0]!;
  const low = lows[ranges.indexOf(bad)]![0]?.low ?? 0;
  return new StreamlabError('KAFKA_OFFSET_OUT_OF_RANGE', `offset ${bad.from} of ${bad.topic}-${bad.partition} is no longer available (earliest is ${low})`, {
    value: low,
    hint: 'the records were deleted by retention; start from a later offset',
    cause,
  });
}
