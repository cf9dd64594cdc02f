/**
 * What a scale-out query definition is given for each task: the task (input partition) number and
 * `kafkaSource(...)`, which reads partition `task` of one input topic. Call it once per input, in
 * the definition: `(task) => Stream.fromSource(task.kafkaSource({ topic: 'tx', decode })).groupBy(...)`.
 */
import { StreamlabError } from '@streamlab/core';
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
}

/**
 * The context of task `task` of an application reading `topics`.
 *
 * @example
 * taskContext(client, 'fraud', ['tx'], 3).kafkaSource({ topic: 'tx' }); // reads tx-3
 */
export function taskContext(client: KafkaClient, applicationId: string, topics: readonly string[], task: number): TaskContext {
  return {
    task,
    kafkaSource(opts: TaskSourceOptions<unknown>) {
      const { topic, ...rest } = opts;
      if (!topics.includes(topic)) {
        throw new StreamlabError('SCALE_UNKNOWN_TOPIC', `the query reads topic ${topic}, which is not among the application's topics (${topics.join(', ')})`, {
          value: topic,
          hint: `add '${topic}' to scaleOut's topics, so the group assigns its partitions`,
        });
      }
      return new KafkaSource<unknown>({
        ...(rest as KafkaSourceOptions<unknown>),
        client,
        assign: { [topic]: [task] },
        groupId: applicationId,
        commitGroupOffsets: false,
      });
    },
  } as TaskContext;
}
