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
import type { IsolationLevel, KafkaRecord, PartitionRange, RecordVisitor } from '../port.js';
import { fromRawMessage, kafkaErrorType, type RawMessage } from './convert.js';
import {
  ensureMetadataCovers,
  filterAbortedMessages,
  ISOLATION,
  listPartitionOffsets,
  type FetchPartition,
  type InternalBroker,
  type InternalCluster,
} from './internals.js';

/** Bytes per fetch response and per partition: small responses keep kafkajs's decoding garbage small (see BENCHMARKS.md). */
const MAX_BYTES = 2 * 1024 * 1024;
const PARTITION_MAX_BYTES = 512 * 1024;

/** Called with each visible record of range `i` below its `until`, in offset order per range. */
type Visit = (i: number, m: RawMessage) => void;

/**
 * Reads exactly `[from, until)` of each range. Throws `KAFKA_OFFSET_OUT_OF_RANGE` when a range
 * starts below the partition's log start.
 */
export async function fetchRanges(cluster: InternalCluster, ranges: readonly PartitionRange[], isolationLevel: IsolationLevel): Promise<KafkaRecord[][]> {
  const out: KafkaRecord[][] = ranges.map(() => []);
  await fetchEach(cluster, ranges, isolationLevel, (i, m) => out[i]!.push(fromRawMessage(ranges[i]!.topic, ranges[i]!.partition, m)));
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
  visitor: RecordVisitor & { begin(range: PartitionRange): void },
): Promise<void> {
  let current = -1;
  await fetchEach(cluster, ranges, isolationLevel, (i, m) => {
    const r = ranges[i]!;
    if (i !== current) {
      visitor.begin(r);
      current = i;
    }
    const v = m.value;
    if (v === null || !visitor.value(v, 0, v.length)) visitor.record(fromRawMessage(r.topic, r.partition, m));
  });
}

async function fetchEach(cluster: InternalCluster, ranges: readonly PartitionRange[], isolationLevel: IsolationLevel, visit: Visit): Promise<void> {
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
        let inflight: Promise<Awaited<ReturnType<InternalBroker['fetch']>>> | undefined = request(indexes);
        while (inflight) {
          let response: Awaited<ReturnType<InternalBroker['fetch']>>;
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
          const got: [number, FetchPartition, number][] = [];
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
          for (const [i, p, from] of got) visitVisible(p, i, ranges[i]!.until, from, visit);
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
  return broker.fetch({
    isolationLevel: ISOLATION[isolationLevel],
    maxWaitTime: 50,
    minBytes: 1,
    maxBytes: MAX_BYTES,
    topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
  });
}

/** The next offset to fetch after this response (control and aborted records occupy offsets too). */
function nextOffset(p: FetchPartition, from: number): number {
  const messages = p.messages;
  if (messages.length === 0) return from;
  return Math.max(from, Number(messages[messages.length - 1]!.offset) + 1);
}

/** Visits the visible records of one fetched partition from `from` (inclusive) below `until`. */
function visitVisible(p: FetchPartition, i: number, until: number, from: number, visit: Visit): void {
  const messages = p.messages;
  if (messages.length === 0) return;
  // Compressed batches can start before the fetch offset: drop what precedes it.
  const within = Number(messages[0]!.offset) >= from ? messages : messages.filter((m) => Number(m.offset) >= from);
  if (within.length === 0) return;
  // Under read_committed, aborted records and control records occupy offsets but are not returned.
  const visible = p.abortedTransactions?.length > 0 ? filterAbortedMessages({ messages: within, abortedTransactions: p.abortedTransactions }) : within;
  // Offsets ascend: only a response reaching `until` needs the per-record bound check.
  const bounded = visible.length > 0 && Number(visible[visible.length - 1]!.offset) >= until;
  for (let k = 0; k < visible.length; k++) {
    const m = visible[k]!;
    if (m.isControlRecord || (bounded && Number(m.offset) >= until)) continue;
    visit(i, m);
  }
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
