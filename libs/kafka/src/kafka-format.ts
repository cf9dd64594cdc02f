/**
 * `readStream.format('kafka')` and `writeStream.format('kafka')`: the Kafka source and sink built
 * from Spark-style string options (`.option('subscribe', 'payments')`), registered with the core's
 * format registries when `@streamlab/kafka` is imported. An empty `kafka.bootstrap.servers` means
 * the embedded broker; without the option, `KAFKA_BROKERS` decides (see `createKafkaClient`).
 */
import { registerSinkFormat, registerSourceFormat, StreamlabError, type FormatOptions } from '@streamlab/core';
import { z } from 'zod';
import { kafkaSink, type KafkaSink, type KafkaSinkOptions } from './sink/kafka-sink.js';
import { kafkaSource, type KafkaRow, type KafkaSource } from './source/kafka-source.js';
import type { KafkaSourceOptions } from './source/source-options.js';

const text = z.string();
const positiveInt = z.coerce.number().int().positive();
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

const SourceFormat = z.strictObject({
  'kafka.bootstrap.servers': text.optional(),
  subscribe: text.optional(),
  subscribePattern: text.optional(),
  assign: text.optional(),
  startingOffsets: text.optional(),
  maxOffsetsPerTrigger: positiveInt.optional(),
  failOnDataLoss: flag.optional(),
  includeHeaders: flag.optional(),
  'kafka.isolation.level': z.enum(['read_committed', 'read_uncommitted']).optional(),
  /** Spark's name for the consumer group; `groupId` works too. */
  'kafka.group.id': text.optional(),
  groupId: text.optional(),
  eventTimeField: text.optional(),
});

const SinkFormat = z.strictObject({
  'kafka.bootstrap.servers': text.optional(),
  topic: text.optional(),
  guarantee: z.enum(['at-least-once', 'exactly-once']).optional(),
  newTopicPartitions: positiveInt.optional(),
  transactionalId: text.optional(),
  maxAttempts: positiveInt.optional(),
  'kafka.batch.size': positiveInt.optional(),
});

function parse<S extends z.ZodType>(schema: S, options: FormatOptions, code: string, kind: string): z.infer<S> {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
  const accepted = Object.keys((schema as unknown as z.ZodObject).shape).join(', ');
  throw new StreamlabError(code, `format('kafka') ${kind} option ${key}: ${issue.message}`, {
    value: issue.code === 'unrecognized_keys' ? issue.keys : options[key],
    hint: `the ${kind} options of format('kafka') are: ${accepted}`,
  });
}

/** Drops undefined values (the options objects are exact). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The Kafka source of `readStream.format('kafka')` options. Rows are raw Kafka records
 * (`KafkaRow`: `key`/`value` Buffers, `topic`, `partition`, `offset`, `timestamp`, ...).
 *
 * @example
 * kafkaSourceFromOptions({ subscribe: 'payments', startingOffsets: 'earliest', maxOffsetsPerTrigger: '1000' });
 */
export function kafkaSourceFromOptions(options: FormatOptions): KafkaSource<KafkaRow> {
  const { 'kafka.group.id': sparkGroupId, groupId, ...rest } = parse(SourceFormat, options, 'KAFKA_BAD_SOURCE_OPTION', 'source');
  const opts: KafkaSourceOptions<KafkaRow> = defined({ ...rest, groupId: groupId ?? sparkGroupId } as KafkaSourceOptions<KafkaRow>);
  return kafkaSource(opts as KafkaSourceOptions<KafkaRow> & { decode?: undefined });
}

/**
 * The Kafka sink of `writeStream.format('kafka')` options. Rows carry Spark's columns (`value`,
 * optional `key`, `topic`, `headers`, `partition`); objects are JSON-encoded.
 *
 * @example
 * kafkaSinkFromOptions({ topic: 'alerts', guarantee: 'exactly-once' });
 */
export function kafkaSinkFromOptions(options: FormatOptions): KafkaSink<unknown> {
  return kafkaSink(defined(parse(SinkFormat, options, 'KAFKA_BAD_SINK_OPTION', 'sink') as KafkaSinkOptions<unknown>));
}

/**
 * Registers `format('kafka')` for `readStream` and `writeStream` (done when `@streamlab/kafka`
 * is imported; call it again only if something replaced the registration).
 *
 * @example
 * registerKafkaFormat();
 * readStream.format('kafka').option('subscribe', 'payments').load();
 */
export function registerKafkaFormat(): void {
  registerSourceFormat('kafka', kafkaSourceFromOptions);
  registerSinkFormat('kafka', kafkaSinkFromOptions);
}
