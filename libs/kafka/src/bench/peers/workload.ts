/**
 * A peer workload of `npm run bench -- peers`: its input generator, its ground truth, the StreamLab
 * query, and how an output record becomes a (result key, value) pair. The Kafka Streams topology and
 * the Spark query of the same name are in benchmarks/peers (`--workload <name>`). Adding a workload
 * is one file like `tumbling.ts` (with its spec), one line in `WORKLOADS`, and one case in each Java `Main`.
 */
import type { StreamingQuery, StreamingSession } from '@streamlab/core';
import type { KafkaClient, OutgoingRecord } from '../../port.js';

/** What a StreamLab query of a workload is given. */
export interface StreamlabContext {
  client: KafkaClient;
  session: StreamingSession;
  /** The input topic (the first one when the workload has several). */
  input: string;
  /** Every input topic, in the order of `Workload.inputs`. */
  inputs: readonly string[];
  output: string;
  checkpoint: string;
  settings: PeerSettings;
  partitions: number;
  /** A parallel run's worker (`runParallel`): its share of the input partitions. */
  shard?: { index: number; count: number };
}

/**
 * The batch size of every system (100,000 records of each input per batch) and a parallel run's
 * worker's shard: its workers split the limit over all partitions' backlog, as Spark does.
 */
export function batchShare(shard: StreamlabContext['shard']): { maxOffsetsPerTrigger: number; shard?: { index: number; count: number } } {
  return shard ? { maxOffsetsPerTrigger: 100_000, shard } : { maxOffsetsPerTrigger: 100_000 };
}

/** `default`: production-like (benchmarks/peers/README.md); `low-latency`: each system's lowest-latency settings. */
export type PeerSettings = 'default' | 'low-latency';

export interface Workload {
  name: string;
  /** Input partitions (and output partitions). */
  partitions: number;
  /** Input topics (default 1): `record` says which one each record goes to. The systems get them as a comma list. */
  inputs?: number;
  /** Configs of input topic `input` beyond `retention.ms=-1` (e.g. `cleanup.policy=compact` for a table's topic). */
  topicConfigs?(input: number): Record<string, string>;
  /**
   * How many of the `n` input records the query reads as a stream (default all); the others are a
   * table the systems load before their stream starts. The systems count these for `HALF` and
   * `CONSUMED` (`--expect`), and the warm figures are per streamed record.
   */
  streamed?(n: number): number;
  /**
   * Input record `i` of `n` (without its topic), event times from `base` (epoch ms). Deterministic.
   * The driver puts `base` so that the input ends about now: Kafka deletes records older than a
   * topic's retention by their timestamps, and Kafka Streams' changelogs keep a window store for
   * one day past its retention, so old event times would lose Kafka Streams' state on a restore.
   */
  record(i: number, n: number, base: number): Omit<OutgoingRecord, 'topic'> & { input?: number };
  /** Event-time span of `n` records in ms (the driver sets `base` to now minus this, minute-aligned). */
  spanMs(n: number): number;
  /** The final results of the whole input of `n` records from `base`: result key to value text. */
  expected(n: number, base: number): Map<string, string>;
  /** An output record's value as (result key, value text); the last one per result key is the final result. */
  result(value: Buffer | null): [string, string];
  /** Whether the StreamLab query runs split by partition (`runParallel`): every keyed operator keys by the topic's key. */
  parallel?: boolean;
  /** Starts the StreamLab query of the workload. */
  streamlab(ctx: StreamlabContext): StreamingQuery;
}
