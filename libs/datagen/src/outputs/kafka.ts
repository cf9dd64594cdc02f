/**
 * Kafka output through `@streamlab/kafka`'s port (a real broker or the embedded one): one keyed
 * `send` per batch (split when it is large), sends strictly one after another on an idempotent producer with one
 * request in flight, so each key's records land in one partition in the order they were emitted.
 * Labels go to a separate topic (`<topic>.labels` by default) that pipelines do not subscribe to.
 */
import { SystemClock, type Clock } from '@streamlab/core';
import type { KafkaClient, KafkaProducer, OutgoingRecord } from '@streamlab/kafka';
import { labelLine, recordText, type LabelLine } from '../envelope.js';
import type { SimBatch, SimOutput } from './output.js';

/** Where and how to write. */
export interface KafkaOutputOptions {
  client: KafkaClient;
  topic: string;
  /** Default `<topic>.labels`; `null` to write no labels. */
  labelsTopic?: string | null;
  /** Partitions of topics this output creates (existing topics are left as they are). Default 3. */
  partitions?: number;
  /**
   * Record timestamp: `'send'` (default) stamps the clock's time when the batch is sent (Kafka's
   * CreateTime); `'event'` uses the record's event time (beware retention on old event times).
   */
  timestamp?: 'send' | 'event';
  /** The clock for `'send'` timestamps (default: the system clock). */
  clock?: Clock;
  /**
   * Most bytes of record values per `send` (default 512 KiB): a large batch is split into several
   * sends, one after another, so no request outgrows the broker's `message.max.bytes`.
   */
  maxSendBytes?: number;
}

/** Sends `records` in order, in chunks of at most `maxBytes` of values, one chunk at a time. */
async function sendInChunks(producer: KafkaProducer, records: OutgoingRecord[], maxBytes: number): Promise<void> {
  let from = 0;
  let bytes = 0;
  for (let i = 0; i < records.length; i++) {
    const v = records[i]!.value;
    bytes += typeof v === 'string' ? v.length : (v?.length ?? 0);
    if (bytes >= maxBytes || i === records.length - 1) {
      await producer.send(from === 0 && i === records.length - 1 ? records : records.slice(from, i + 1));
      from = i + 1;
      bytes = 0;
    }
  }
}

/**
 * Writes each batch to `topic` keyed by entity id (labels and incidents to the labels topic).
 *
 * @example
 * const kafka = createKafkaClient({ brokers: '127.0.0.1:9092' });
 * await runSimulation(sim, kafkaOutput({ client: kafka, topic: 'payments' }));
 */
export function kafkaOutput<R>(opts: KafkaOutputOptions): SimOutput<R> {
  const { client, topic } = opts;
  const labelsTopic = opts.labelsTopic === undefined ? `${topic}.labels` : opts.labelsTopic;
  const clock = opts.clock ?? new SystemClock();
  const stampEvent = opts.timestamp === 'event';
  const maxSendBytes = opts.maxSendBytes ?? 512 * 1024;
  let producer: KafkaProducer | undefined;
  let ready: Promise<void> | undefined;
  const open = async () => {
    const partitions = opts.partitions ?? 3;
    await client.admin.createTopics([{ topic, partitions }, ...(labelsTopic ? [{ topic: labelsTopic, partitions }] : [])]);
    producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
  };
  return {
    description: `kafka:${client.bootstrap}/${topic}${labelsTopic ? ` (labels ${labelsTopic})` : ''}`,
    async write(batch: SimBatch<R>) {
      ready ??= open();
      await ready;
      const now = clock.now();
      const out: OutgoingRecord[] = new Array(batch.envelopes.length);
      const truth: OutgoingRecord[] = [];
      for (const inc of batch.incidents) {
        if (!labelsTopic) break;
        const line: LabelLine = { kind: 'incident', ...inc };
        truth.push({ topic: labelsTopic, key: inc.id, value: JSON.stringify(line), timestamp: now });
      }
      for (let i = 0; i < batch.envelopes.length; i++) {
        const env = batch.envelopes[i]!;
        out[i] = { topic, key: env.key, value: recordText(env), timestamp: stampEvent ? env.eventTimeMs : now };
        if (labelsTopic && env.label) {
          truth.push({ topic: labelsTopic, key: env.key, value: JSON.stringify(labelLine(env, batch.recordId(env))), timestamp: now });
        }
      }
      await sendInChunks(producer!, out, maxSendBytes);
      await sendInChunks(producer!, truth, maxSendBytes);
    },
    async close() {
      if (ready) await ready.catch(() => undefined);
      await producer?.close();
    },
  };
}
