/**
 * Options of the Kafka source, with Spark's names, validated once when the source is built.
 */
import { StreamlabError } from '@streamlab/core';
import { z } from 'zod';
import type { IsolationLevel, KafkaClient } from '../port.js';
import type { Decoder } from './decode.js';
import { parseOffsetJson, type PartitionOffsetMap } from './offsets.js';

/** What the source reads: a topic list, a topic regex, or fixed partitions. */
export type Subscription =
  | { kind: 'subscribe'; topics: string[] }
  | { kind: 'subscribePattern'; pattern: RegExp }
  | { kind: 'assign'; partitions: Record<string, number[]> };

export type StartingOffsets = { kind: 'earliest' } | { kind: 'latest' } | { kind: 'json'; offsets: PartitionOffsetMap };

/** Where records that fail to decode go: a dead-letter topic (default `<source topic>-dlq`), or nowhere but the count. */
export type DeadLetter = { topic?: string } | false;

export interface KafkaSourceOptions<T> {
  /** Bootstrap servers; default `KAFKA_BROKERS`, else the embedded broker. Ignored when `client` is given. */
  'kafka.bootstrap.servers'?: string;
  /** A client to use instead of one made from the servers. */
  client?: KafkaClient;
  /** Topics: a list or a comma-separated string. */
  subscribe?: string | readonly string[];
  /** A regex (string or RegExp) over topic names. */
  subscribePattern?: string | RegExp;
  /** Fixed partitions: `{"topic":[0,1]}` as JSON text or an object. */
  assign?: string | Record<string, readonly number[]>;
  /** `earliest`, `latest` (default) or per-partition JSON with -2 (earliest) / -1 (latest). */
  startingOffsets?: 'earliest' | 'latest' | string | Record<string, Record<string, number>>;
  /** Upper bound of records per batch, split across partitions by their backlog. */
  maxOffsetsPerTrigger?: number;
  /** Fail when offsets vanished (retention, deleted topic); when false, skip them and count. Default true. */
  failOnDataLoss?: boolean;
  /** Include record headers in rows. Default false. */
  includeHeaders?: boolean;
  /** `read_uncommitted` (default) or `read_committed` (see only committed transactional records). */
  'kafka.isolation.level'?: IsolationLevel;
  /** Consumer group the consumed offsets are committed to (for lag tools); default `streamlab-<query name or id>`. */
  groupId?: string;
  /**
   * Whether committed batches' offsets are committed to `groupId` (for lag tools). Default true.
   * Scale-out tasks turn it off: their offsets go into each batch's transaction instead.
   */
  commitGroupOffsets?: boolean;
  /** Decode records into rows (e.g. `decodeJson(schema)`); without it rows are the raw Kafka records. */
  decode?: Decoder<T>;
  /** Where undecodable records go. Default `{}`: the topic `<source topic>-dlq`. */
  deadLetter?: DeadLetter;
  /**
   * Extension: the event-time field of the rows (epoch ms, Date or ISO-8601, as `withWatermark`),
   * to track the highest event time per partition (`partitionEventTimes()`,
   * `partitionWatermark(delay)` and progress metrics), and for the engine's per-partition
   * watermark (`withWatermark(field, delay, { perPartition: true })` on the same field).
   */
  eventTimeField?: keyof T & string;
  /**
   * Declares how the topic is partitioned: each record's Kafka key is this column's value as text
   * (`String(value)`; for several columns `JSON.stringify` of their values in order), and its
   * partition is Kafka's default partitioner's (murmur2 of the key). A scale-out task then knows
   * that its partition holds every row of a key: a `groupBy`, dedup, `groupByKey` or join on these
   * columns (or on more columns that include them) needs no repartition. Without `decode` the rows
   * are Kafka records, partitioned by `['key']`. Default: undeclared (a scale-out repartitions
   * before every keyed operator). It changes nothing in a query that reads every partition.
   *
   * @example
   * task.kafkaSource({ topic: 'tx', decode: decodeJson(Tx), partitionedBy: 'cardId' }); // producers send key: tx.cardId
   */
  partitionedBy?: (keyof T & string) | readonly (keyof T & string)[];
  /**
   * Reads only the partitions `p` with `p % count === index`: one worker's share of a parallel
   * query (`runParallel` of `@streamlab/core/node` gives each worker `ctx.shard`). Partitions that
   * appear later are shared the same way. In a parallel query `maxOffsetsPerTrigger` is still the
   * whole query's, split over every worker's backlog. Default: every partition.
   *
   * @example
   * kafkaSource({ subscribe: 'tx', decode: decodeJson(Tx), partitionedBy: 'cardId', shard: ctx.shard });
   */
  shard?: { index: number; count: number };
}

export interface SourceConfig {
  subscription: Subscription;
  startingOffsets: StartingOffsets;
  maxOffsetsPerTrigger: number | undefined;
  failOnDataLoss: boolean;
  includeHeaders: boolean;
  isolationLevel: IsolationLevel;
  groupId: string | undefined;
  commitGroupOffsets: boolean;
  deadLetter: DeadLetter;
  shard: { index: number; count: number } | undefined;
}

const Schema = z.object({
  maxOffsetsPerTrigger: z.number().int().positive().optional(),
  failOnDataLoss: z.boolean().default(true),
  includeHeaders: z.boolean().default(false),
  'kafka.isolation.level': z.enum(['read_committed', 'read_uncommitted']).default('read_uncommitted'),
  groupId: z.string().min(1).optional(),
  commitGroupOffsets: z.boolean().default(true),
  shard: z
    .object({ index: z.number().int().nonnegative(), count: z.number().int().positive() })
    .refine((s) => s.index < s.count, 'index must be below count')
    .optional(),
});

function bad(option: string, value: unknown, message: string, hint: string): StreamlabError {
  return new StreamlabError('KAFKA_BAD_SOURCE_OPTION', `kafkaSource option ${option}: ${message}`, { value, hint });
}

/**
 * Validates the source options (Spark's rules: exactly one of subscribe, subscribePattern, assign).
 *
 * @example
 * parseSourceOptions({ subscribe: 'a,b', startingOffsets: 'earliest' }).subscription // { kind: 'subscribe', topics: ['a', 'b'] }
 */
export function parseSourceOptions(opts: KafkaSourceOptions<unknown>): SourceConfig {
  const given = (['subscribe', 'subscribePattern', 'assign'] as const).filter((k) => opts[k] !== undefined);
  if (given.length !== 1) {
    throw bad(
      given.join(', ') || 'subscribe',
      given,
      `exactly one of subscribe, subscribePattern, assign is required (got ${given.length})`,
      "e.g. { subscribe: 'orders' }",
    );
  }
  const checked = Schema.safeParse(opts);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw bad(
      String(issue.path[0]),
      (opts as Record<string, unknown>)[String(issue.path[0])],
      issue.message,
      'see the kafkaSource options in @streamlab/kafka',
    );
  }
  const o = checked.data;
  return {
    subscription: subscriptionOf(opts),
    startingOffsets: startingOf(opts.startingOffsets),
    maxOffsetsPerTrigger: o.maxOffsetsPerTrigger,
    failOnDataLoss: o.failOnDataLoss,
    includeHeaders: o.includeHeaders,
    isolationLevel: o['kafka.isolation.level'],
    groupId: o.groupId,
    commitGroupOffsets: o.commitGroupOffsets,
    deadLetter: opts.deadLetter ?? {},
    shard: o.shard,
  };
}

function subscriptionOf(opts: KafkaSourceOptions<unknown>): Subscription {
  if (opts.subscribe !== undefined) {
    const topics = (typeof opts.subscribe === 'string' ? opts.subscribe.split(',') : [...opts.subscribe]).map((t) => t.trim()).filter(Boolean);
    if (topics.length === 0) throw bad('subscribe', opts.subscribe, 'no topic given', "e.g. 'orders' or ['orders', 'refunds']");
    return { kind: 'subscribe', topics };
  }
  if (opts.subscribePattern !== undefined) {
    try {
      const p = opts.subscribePattern;
      return { kind: 'subscribePattern', pattern: typeof p === 'string' ? new RegExp(`^(?:${p})$`) : p };
    } catch (err) {
      throw bad('subscribePattern', opts.subscribePattern, `not a valid regex: ${(err as Error).message}`, "e.g. 'orders-.*'");
    }
  }
  const raw = opts.assign!;
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw bad('assign', raw, 'not JSON', `e.g. '{"orders":[0,1]}'`);
    }
  }
  const shape = z.record(z.string(), z.array(z.number().int().nonnegative()).min(1));
  const ok = shape.safeParse(parsed);
  if (!ok.success || Object.keys(ok.data).length === 0) throw bad('assign', raw, 'must map topic -> list of partitions', `e.g. '{"orders":[0,1]}'`);
  return { kind: 'assign', partitions: ok.data };
}

function startingOf(value: KafkaSourceOptions<unknown>['startingOffsets']): StartingOffsets {
  if (value === undefined || value === 'latest') return { kind: 'latest' };
  if (value === 'earliest') return { kind: 'earliest' };
  return { kind: 'json', offsets: parseOffsetJson(typeof value === 'string' ? value : JSON.stringify(value)) };
}

/**
 * The columns a source's rows are declared partitioned by (`partitionedBy`; `['key']` for raw
 * records), or `undefined`.
 *
 * @example
 * partitioningOf('cardId', true);    // ['cardId']
 * partitioningOf(undefined, false);  // ['key']: raw records are partitioned by their key
 */
export function partitioningOf(partitionedBy: string | readonly string[] | undefined, decoded: boolean): readonly string[] | undefined {
  if (partitionedBy === undefined) return decoded ? undefined : ['key'];
  const cols = typeof partitionedBy === 'string' ? [partitionedBy] : [...partitionedBy];
  if (cols.length === 0 || cols.some((c) => typeof c !== 'string' || c === '') || new Set(cols).size !== cols.length) {
    throw bad('partitionedBy', partitionedBy, 'must be a column name or a list of distinct column names', "e.g. partitionedBy: 'cardId'");
  }
  return cols;
}

/** Spark's description of the source, shown in progress. */
export function describeSubscription(s: Subscription): string {
  if (s.kind === 'subscribe') return `KafkaV2[Subscribe[${s.topics.join(',')}]]`;
  if (s.kind === 'subscribePattern') return `KafkaV2[SubscribePattern[${s.pattern.source}]]`;
  const parts = Object.entries(s.partitions).flatMap(([t, ps]) => ps.map((p) => `${t}-${p}`));
  return `KafkaV2[Assign[${parts.join(', ')}]]`;
}
