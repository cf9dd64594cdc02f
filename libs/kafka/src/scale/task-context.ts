/**
 * What a scale-out query definition is given for each task: the task (input partition) number and
 * `kafkaSource(...)`, which reads partition `task` of one input topic. Call it once per input, in
 * the definition: `(task) => Stream.fromSource(task.kafkaSource({ topic: 'tx', decode })).groupBy(...)`.
 */
import { Stream, StreamlabError, type Source } from '@streamlab/core';
import type { KafkaClient } from '../port.js';
import type { Decoder } from '../source/decode.js';
import type { KafkaRow } from '../source/raw-rows.js';
import { KafkaSource } from '../source/kafka-source.js';
import { columnsKey } from './partition-key.js';
import type { KafkaSourceOptions } from '../source/source-options.js';

/** The Kafka source options a task's input takes: one `topic`; the subscription, client and offsets commit are the task's. */
export type TaskSourceOptions<T> = Omit<
  KafkaSourceOptions<T>,
  'subscribe' | 'subscribePattern' | 'assign' | 'client' | 'kafka.bootstrap.servers' | 'groupId' | 'commitGroupOffsets'
> & {
  /** An input topic of the application (one of its `topics`). */
  topic: string;
};

type DecodedRow<D> = D extends Decoder<infer T> ? T : never;

export interface TaskContext {
  /** The task number: the input partition this task reads, of every input topic. */
  readonly task: number;
  /**
   * A Kafka source over partition `task` of `opts.topic`.
   *
   * @example
   * (task) => Stream.fromSource(task.kafkaSource({ topic: 'tx', startingOffsets: 'earliest', decode: decodeJson(Tx) }))
   */
  // biome-ignore lint/suspicious/noExplicitAny: as kafkaSource's overload: D is inferred from `decode` alone
  kafkaSource<D extends Decoder<any>>(opts: TaskSourceOptions<DecodedRow<D>> & { decode: D }): KafkaSource<DecodedRow<D>>;
  kafkaSource(opts: TaskSourceOptions<KafkaRow> & { decode?: undefined }): KafkaSource<KafkaRow>;
  /**
   * Kafka Streams' repartition: `upstream` (everything before a `groupBy` on a key the input is not
   * partitioned by) is written, keyed by `key`, to the internal topic
   * `<applicationId>-<name>-repartition` (as many partitions as the inputs), in its own
   * transaction per batch; the returned stream reads partition `task` of it (`read_committed`), so
   * every row of one key meets in one task. Rows travel as JSON (a `Date` arrives as its ISO text,
   * which event-time columns accept). `scaleOut` inserts these by itself before keyed operators
   * (option `repartition`, default `'auto'`); call it to choose the place and name yourself. A
   * column key is encoded as `partitionedBy` declares it and the stream knows it is partitioned
   * by it (so no automatic repartition follows for that key); a key function's is not known.
   *
   * @example
   * (task) => task.repartition(Stream.fromSource(task.kafkaSource({ topic: 'tx', decode })), { name: 'by-card', key: 'cardId' })
   *   .withWatermark('ts', '10 seconds').groupBy(window('ts', '1 minute'), 'cardId').agg({ n: count() })
   */
  repartition<T>(upstream: Stream<T>, opts: RepartitionOptions<T>): Stream<T>;
}

export interface RepartitionOptions<T> {
  /** Names the topic `<applicationId>-<name>-repartition`; unique within the query. */
  name: string;
  /**
   * The new partitioning key: a column or columns (the key text is `String(value)`, or the JSON
   * array of the values for several, as `partitionedBy` declares), or a function giving the key
   * text. Kafka's murmur2 of the text picks the partition.
   */
  key: (keyof T & string) | readonly (keyof T & string)[] | ((row: T) => string);
}

/** A repartition of the query: asked for by the definition, or inserted before a keyed operator. */
export interface RepartitionStage {
  name: string;
  topic: string;
  upstream: Stream<unknown>;
  key: (row: unknown) => string;
  /** The key columns (`[]`: one partition for all), or `undefined` for a key function. */
  keyColumns: readonly string[] | undefined;
  /** Inserted by the automatic repartition (not by `task.repartition`). */
  automatic: boolean;
}

/** What a repartition is given: its name, how a row's key is made, and which columns that key is. */
export interface ExchangeOptions {
  name: string;
  key: (row: unknown) => string;
  keyColumns: readonly string[] | undefined;
  automatic: boolean;
}

/** The task context with what the scale-out runtime reads back: the repartitions, and the one way to add one. */
export interface TaskContextInternal extends TaskContext {
  readonly stages: RepartitionStage[];
  /** Adds a repartition of `upstream` and returns the stream that reads it back (`task.repartition` and the automatic repartition). */
  exchange(upstream: Stream<unknown>, opts: ExchangeOptions): Stream<unknown>;
  /** A new reader of what a source this context made reads (for a second stage that reads it), without dead letters; `undefined` for other sources. */
  copySource(source: Source<unknown>): Source<unknown> | undefined;
}

/** The repartition topic of `name`. */
export function repartitionTopic(applicationId: string, name: string): string {
  return `${applicationId}-${name}-repartition`;
}

/** A repartition topic's rows: JSON written by the stage before it (so they always parse). */
const decodeRow: Decoder<unknown> = (record) => {
  if (record.value === null) return { ok: false, error: 'value is null (tombstone)' };
  try {
    return { ok: true, value: JSON.parse(record.value.toString('utf8')) as unknown };
  } catch (err) {
    return { ok: false, error: `malformed JSON: ${(err as Error).message}` };
  }
};

/**
 * The context of task `task` of an application reading `topics`.
 *
 * @example
 * taskContext(client, 'fraud', ['tx'], 3).kafkaSource({ topic: 'tx' }); // reads tx-3
 */
export function taskContext(client: KafkaClient, applicationId: string, topics: readonly string[], task: number): TaskContextInternal {
  const stages: RepartitionStage[] = [];
  const made = new Map<Source<unknown>, { topic: string; rest: Omit<KafkaSourceOptions<unknown>, 'assign'> }>();
  const source = (topic: string, rest: Omit<KafkaSourceOptions<unknown>, 'assign'>) => {
    const s = new KafkaSource<unknown>({ ...rest, client, assign: { [topic]: [task] }, groupId: applicationId, commitGroupOffsets: false });
    made.set(s, { topic, rest });
    return s;
  };
  const exchange = (upstream: Stream<unknown>, opts: ExchangeOptions): Stream<unknown> => {
    if (!/^[a-zA-Z0-9._-]+$/.test(opts.name) || stages.some((s) => s.name === opts.name)) {
      throw new StreamlabError('SCALE_BAD_REPARTITION', `repartition name "${opts.name}" is taken or not a topic-name part`, {
        value: opts.name,
        hint: 'give each repartition of the query its own name of letters, digits, ".", "_" and "-" (automatic ones are named <operator>-<n>, e.g. \'aggregate-0\')',
      });
    }
    const topic = repartitionTopic(applicationId, opts.name);
    stages.push({ name: opts.name, topic, upstream, key: opts.key, keyColumns: opts.keyColumns, automatic: opts.automatic });
    // The rows come back partitioned by the key columns (a key function's partitioning is unknown).
    const partitionedBy = opts.keyColumns !== undefined && opts.keyColumns.length > 0 ? (opts.keyColumns as readonly never[]) : undefined;
    return Stream.fromSource(
      source(topic, { startingOffsets: 'earliest', 'kafka.isolation.level': 'read_committed', decode: decodeRow, deadLetter: false, partitionedBy }),
    );
  };
  return {
    task,
    stages,
    kafkaSource(opts: TaskSourceOptions<unknown>) {
      const { topic, ...rest } = opts;
      if (!topics.includes(topic)) {
        throw new StreamlabError('SCALE_UNKNOWN_TOPIC', `the query reads topic ${topic}, which is not among the application's topics (${topics.join(', ')})`, {
          value: topic,
          hint: `add '${topic}' to scaleOut's topics, so the group assigns its partitions`,
        });
      }
      return source(topic, rest as KafkaSourceOptions<unknown>);
    },
    exchange,
    copySource(s: Source<unknown>) {
      const m = made.get(s);
      return m && source(m.topic, { ...m.rest, deadLetter: false });
    },
    repartition<T>(upstream: Stream<T>, opts: RepartitionOptions<T>): Stream<T> {
      const { key } = opts;
      const keyColumns = typeof key === 'function' ? undefined : typeof key === 'string' ? [key] : [...key];
      if (keyColumns?.length === 0 || keyColumns?.some((c) => typeof c !== 'string')) {
        throw new StreamlabError('SCALE_BAD_REPARTITION', `repartition "${opts.name}": key must be a column, a list of columns or a function`, {
          value: key,
          hint: "e.g. key: 'cardId', key: ['cardId', 'mcc'] or key: (row) => row.cardId",
        });
      }
      return exchange(upstream as Stream<unknown>, {
        name: opts.name,
        key: keyColumns ? columnsKey(keyColumns) : (key as (row: unknown) => string),
        keyColumns,
        automatic: false,
      }) as Stream<T>;
    },
  } as TaskContextInternal;
}
