/**
 * The two things kafkajs's public API lacks and a replayable source needs: listing offsets with a
 * chosen isolation level, and fetching an exact offset range of a partition without a consumer
 * group. Both use kafkajs's internal cluster, reached through the client's private factory; this
 * is safe because kafkajs is pinned to exactly 2.2.4 (and unmaintained), and it is the only file
 * that touches internals.
 */
import { createRequire } from 'node:module';
import { StreamlabError } from '@streamlab/core';
import type { Kafka } from 'kafkajs';
import type { IsolationLevel, KafkaRecord, PartitionOffsets, PartitionRange, TopicPartitionOffset } from '../port.js';
import { fromRawMessage, kafkaErrorType, type RawMessage } from './convert.js';

const require = createRequire(import.meta.url);
const filterAbortedMessages = require('kafkajs/src/consumer/filterAbortedMessages.js') as (a: {
  messages: RawMessage[];
  abortedTransactions: unknown[];
}) => RawMessage[];

/** The subset of kafkajs's internal Cluster used here. */
export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addMultipleTargetTopics(topics: string[]): Promise<void>;
  refreshMetadata(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findTopicPartitionMetadata(topic: string): { partitionId: number }[];
  findBroker(args: { nodeId: string }): Promise<InternalBroker>;
  findGroupCoordinator(args: { groupId: string }): Promise<InternalBroker>;
  fetchTopicsOffset(topics: { topic: string; partitions: { partition: number }[]; fromBeginning: boolean }[]): Promise<
    { topic: string; partitions: { partition: number; offset: string }[] }[]
  >;
}

interface FetchPartition {
  partition: number;
  highWatermark: string;
  lastStableOffset: string;
  abortedTransactions: unknown[];
  messages: RawMessage[];
}

interface InternalBroker {
  offsetCommit(req: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<unknown>;
  fetch(req: {
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: FetchPartition[] }[] }>;
}

const ISOLATION = { read_uncommitted: 0, read_committed: 1 } as const;

/** A kafkajs internal cluster with the given isolation level. */
export function createCluster(kafka: Kafka, isolationLevel: IsolationLevel): InternalCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory = symbol ? (kafka as unknown as Record<symbol, unknown>)[symbol] : undefined;
  if (typeof factory !== 'function') {
    throw new StreamlabError('KAFKA_KAFKAJS_UNSUPPORTED', 'this kafkajs version does not expose its cluster factory', {
      value: 'kafkajs',
      hint: 'use kafkajs 2.2.4 exactly (the version @streamlab/kafka pins)',
    });
  }
  return (factory as (o: object) => InternalCluster)({ allowAutoTopicCreation: false, isolationLevel: ISOLATION[isolationLevel] });
}

/** Low and high offsets of every partition of `topic` (`high` = last stable offset under read_committed). */
export async function listPartitionOffsets(cluster: InternalCluster, topic: string, partitions: number[]): Promise<PartitionOffsets[]> {
  await cluster.addMultipleTargetTopics([topic]);
  await ensureMetadataCovers(cluster, topic, partitions);
  const ask = (fromBeginning: boolean) => cluster.fetchTopicsOffset([{ topic, partitions: partitions.map((partition) => ({ partition })), fromBeginning }]);
  const [low, high] = await Promise.all([ask(true), ask(false)]);
  const lows = new Map(low[0]?.partitions.map((p) => [p.partition, Number(p.offset)]));
  return (high[0]?.partitions ?? [])
    .map((p) => ({ partition: p.partition, low: lows.get(p.partition) ?? 0, high: Number(p.offset) }))
    .sort((a, b) => a.partition - b.partition);
}

/**
 * Commits offsets for a group without joining it (generation -1, no member id), as Kafka's
 * `alterConsumerGroupOffsets` does. kafkajs's `admin.setOffsets` joins the group, which takes seconds.
 */
export async function commitGroupOffsets(cluster: InternalCluster, groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
  const coordinator = await cluster.findGroupCoordinator({ groupId });
  const topics = [...new Set(offsets.map((o) => o.topic))].map((topic) => ({
    topic,
    partitions: offsets.filter((o) => o.topic === topic).map((o) => ({ partition: o.partition, offset: String(o.offset) })),
  }));
  await coordinator.offsetCommit({ groupId, groupGenerationId: -1, memberId: '', topics });
}

/** Refreshes the cached metadata when it does not know some of `partitions` (a topic that grew). */
async function ensureMetadataCovers(cluster: InternalCluster, topic: string, partitions: number[]): Promise<void> {
  const known = new Set(cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId));
  if (partitions.some((p) => !known.has(p))) await cluster.refreshMetadata();
}

/** Bytes per fetch response and per partition: small responses keep kafkajs's decoding garbage small (see BENCHMARKS.md). */
const MAX_BYTES = 2 * 1024 * 1024;
const PARTITION_MAX_BYTES = 512 * 1024;

/**
 * Reads exactly `[from, until)` of each range. Loops over fetches (one request per leader at a
 * time) until every range is complete; throws `KAFKA_OFFSET_OUT_OF_RANGE` when a range starts
 * below the partition's log start.
 */
export async function fetchRanges(cluster: InternalCluster, ranges: readonly PartitionRange[], isolationLevel: IsolationLevel): Promise<KafkaRecord[][]> {
  const out: KafkaRecord[][] = ranges.map(() => []);
  const next = ranges.map((r) => r.from);
  const topics = [...new Set(ranges.map((r) => r.topic))];
  await cluster.addMultipleTargetTopics(topics);
  for (const topic of topics) {
    await ensureMetadataCovers(cluster, topic, ranges.filter((r) => r.topic === topic).map((r) => r.partition));
  }
  let stalls = 0;
  for (;;) {
    const pending = ranges.map((_, i) => i).filter((i) => next[i]! < ranges[i]!.until);
    if (pending.length === 0) return out;
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
        const byTopic = new Map<string, { partition: number; fetchOffset: string; maxBytes: number }[]>();
        for (const i of indexes) {
          const r = ranges[i]!;
          byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), { partition: r.partition, fetchOffset: String(next[i]), maxBytes: PARTITION_MAX_BYTES }]);
        }
        let response;
        try {
          response = await broker.fetch({
            isolationLevel: ISOLATION[isolationLevel],
            maxWaitTime: 50,
            minBytes: 1,
            maxBytes: MAX_BYTES,
            topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
          });
        } catch (err) {
          if (kafkaErrorType(err) === 'OFFSET_OUT_OF_RANGE') throw await outOfRange(cluster, indexes.map((i) => ranges[i]!), err);
          if (kafkaErrorType(err) !== 'NOT_LEADER_FOR_PARTITION' && kafkaErrorType(err) !== 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
          await cluster.refreshMetadata();
          return;
        }
        for (const topicResponse of response.responses) {
          for (const p of topicResponse.partitions) {
            const i = indexes.find((j) => ranges[j]!.topic === topicResponse.topicName && ranges[j]!.partition === p.partition);
            if (i === undefined) continue;
            const advanced = collect(p, ranges[i]!, next[i]!, out[i]!);
            if (advanced > next[i]!) progressed = true;
            next[i] = advanced;
          }
        }
      }),
    );
    stalls = progressed ? 0 : stalls + 1;
    if (stalls > 100) {
      const stuck = pending.map((i) => ({ ...ranges[i]!, next: next[i] }));
      throw new StreamlabError('KAFKA_RANGE_UNAVAILABLE', `offsets requested are not (yet) readable: ${JSON.stringify(stuck)}`, {
        value: stuck,
        hint: 'a range must end at or below the high watermark (last stable offset under read_committed)',
        retriable: true,
      });
    }
  }
}

/** Appends the visible records of one fetched partition below `r.until` to `out`; returns the next offset to fetch. */
function collect(p: FetchPartition, r: PartitionRange, from: number, out: KafkaRecord[]): number {
  const messages = p.messages;
  if (messages.length === 0) return from;
  // Compressed batches can start before the fetch offset: drop what precedes it.
  const within = Number(messages[0]!.offset) >= from ? messages : messages.filter((m) => Number(m.offset) >= from);
  if (within.length === 0) return from;
  // Under read_committed, aborted records and control records occupy offsets but are not returned.
  const visible = p.abortedTransactions?.length > 0 ? filterAbortedMessages({ messages: within, abortedTransactions: p.abortedTransactions }) : within;
  for (let k = 0; k < visible.length; k++) {
    const m = visible[k]!;
    if (m.isControlRecord) continue;
    const record = fromRawMessage(r.topic, r.partition, m);
    if (record.offset < r.until) out.push(record);
  }
  return Number(within[within.length - 1]!.offset) + 1;
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
