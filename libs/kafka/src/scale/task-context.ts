/**
 * What a scale-out query definition is given for each task: the task (input partition) number and
 * `kafkaSource(...)`, which reads partition `task` of one input topic. Call it once per input, in
 * the definition: `(task) => Stream.fromSource(task.kafkaSource({ topic: 'tx', decode })).groupBy(...)`.
 */
import { Stream, StreamlabError } from '@streamlab/core';
import type { KafkaClient } from '../port.js';
import type { Decoder } from '../source/decode.js';
import { KafkaSource, type KafkaRow } from '../source/kafka-source.js';
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
   * partitioned by) is written, keyed by `key(row)`, to the internal topic
   * `<applicationId>-<name>-repartition` (as many partitions as the inputs), in its own
   * transaction per batch; the returned stream reads partition `task` of it (`read_committed`), so
   * every row of one key meets in one task. Rows travel as JSON (a `Date` arrives as its ISO text,
   * which event-time columns accept).
   *
   * @example
   * (task) => task.repartition(Stream.fromSource(task.kafkaSource({ topic: 'tx', decode })), { name: 'by-card', key: (r) => r.cardId })
   *   .withWatermark('ts', '10 seconds').groupBy(window('ts', '1 minute'), 'cardId').agg({ n: count() })
   */
  repartition<T>(upstream: Stream<T>, opts: RepartitionOptions<T>): Stream<T>;
}

export interface RepartitionOptions<T> {
  /** Names the topic `<applicationId>-<name>-repartition`; unique within the query. */
  name: string;
  /** The new partitioning key (Kafka's murmur2 of its text picks the partition). */
  key: (row: T) => string;
}

/** A repartition a query definition asked for (collected by its task context). */
export interface RepartitionStage {
  name: string;
  topic: string;
  upstream: Stream<unknown>;
  key: (row: unknown) => string;
}

/** The repartition topic of `name`. */
export function repartitionTopic(applicationId: string, name: string): string {
  return `${applicationId}-${name}-repartition`;
}

/**
 * The context of task `task` of an application reading `topics`.
 *
 * @example
 * taskContext(client, 'fraud', ['tx'], 3).kafkaSource({ topic: 'tx' }); // reads tx-3
 */
export function taskContext(
  client: KafkaClient,
  applicationId: string,
  topics: readonly string[],
  task: number,
): TaskContext & { readonly stages: RepartitionStage[] } {
  const stages: RepartitionStage[] = [];
  const source = (topic: string, rest: Omit<KafkaSourceOptions<unknown>, 'assign'>) =>
    new KafkaSource<unknown>({ ...rest, client, assign: { [topic]: [task] }, groupId: applicationId, commitGroupOffsets: false });
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
    repartition<T>(upstream: Stream<T>, opts: RepartitionOptions<T>): Stream<T> {
      if (!/^[a-zA-Z0-9._-]+$/.test(opts.name) || stages.some((s) => s.name === opts.name)) {
        throw new StreamlabError('SCALE_BAD_REPARTITION', `repartition name "${opts.name}" is taken or not a topic-name part`, {
          value: opts.name,
          hint: 'give each repartition of the query its own name of letters, digits, ".", "_" and "-"',
        });
      }
      const topic = repartitionTopic(applicationId, opts.name);
      stages.push({ name: opts.name, topic, upstream: upstream as Stream<unknown>, key: opts.key as (row: unknown) => string });
      const raw = source(topic, { startingOffsets: 'earliest', 'kafka.isolation.level': 'read_committed' }) as KafkaSource<KafkaRow>;
      return Stream.fromSource(raw).map((r) => JSON.parse(r.value!.toString('utf8')) as T);
    },
  } as TaskContext & { readonly stages: RepartitionStage[] };
}
