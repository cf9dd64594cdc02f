/**
 * The two things kafkajs's public API lacks and a replayable source needs: listing offsets with a
 * chosen isolation level, and fetching an exact offset range of a partition without a consumer
 * group. Both use kafkajs's internal cluster, reached through the client's private factory; this
 * is safe because kafkajs is pinned to exactly 2.2.4 (and unmaintained). The other files that reach
 * into kafkajs: `kafkajs.ts` (two produce-path fixes) and `raw-fetch.ts` (record sets as bytes).
 */
import { StreamlabError } from '@streamlab/core';
import type { Kafka } from 'kafkajs';
import type { IsolationLevel, PartitionOffsets, TopicPartitionOffset } from '../port.js';
import type { RawMessage } from './convert.js';

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
  fetchTopicsOffset(
    topics: { topic: string; partitions: { partition: number }[]; fromBeginning: boolean }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>;
}

export interface FetchPartition {
  partition: number;
  highWatermark: string;
  lastStableOffset: string;
  abortedTransactions: unknown[];
  messages: RawMessage[];
}

export interface InternalBroker {
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

export const ISOLATION = { read_uncommitted: 0, read_committed: 1 } as const;

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
export async function ensureMetadataCovers(cluster: InternalCluster, topic: string, partitions: number[]): Promise<void> {
  const known = new Set(cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId));
  if (partitions.some((p) => !known.has(p))) await cluster.refreshMetadata();
}
