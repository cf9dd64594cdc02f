/**
 * The dead-letter output of the Kafka source: records that failed to decode, written to a topic
 * with the original key, value and headers plus the reason and where they came from.
 */
import type { Logger } from '@streamlab/core';
import type { KafkaClient, KafkaProducer, KafkaRecord, OutgoingRecord } from '../port.js';

/** Header names on dead-letter records. */
export const DLQ_HEADERS = {
  error: 'streamlab.error',
  topic: 'streamlab.source.topic',
  partition: 'streamlab.source.partition',
  offset: 'streamlab.source.offset',
} as const;

/** The dead-letter record for `record`, which failed with `error`. */
export function deadLetterRecord(topic: string, record: KafkaRecord, error: string): OutgoingRecord {
  return {
    topic,
    key: record.key,
    value: record.value,
    timestamp: record.timestamp,
    headers: [
      ...record.headers,
      { key: DLQ_HEADERS.error, value: Buffer.from(error) },
      { key: DLQ_HEADERS.topic, value: Buffer.from(record.topic) },
      { key: DLQ_HEADERS.partition, value: Buffer.from(String(record.partition)) },
      { key: DLQ_HEADERS.offset, value: Buffer.from(String(record.offset)) },
    ],
  };
}

/** Writes dead-letter records, creating their topics (with one partition) the first time. */
export class DeadLetterWriter {
  private producer: KafkaProducer | undefined;
  private readonly created = new Set<string>();

  constructor(
    private readonly client: KafkaClient,
    private readonly logger: Logger,
  ) {}

  async write(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.createTopics(records);
    this.producer ??= this.client.producer({ idempotent: true });
    await this.producer.send(records);
    this.logger.debug({ count: records.length, topics: [...new Set(records.map((r) => r.topic))] }, 'records sent to the dead-letter topic');
  }

  /** Creates the dead-letter topics of `records` that this writer has not created yet (one partition each). */
  async createTopics(records: readonly OutgoingRecord[]): Promise<void> {
    const topics = [...new Set(records.map((r) => r.topic))].filter((t) => !this.created.has(t));
    if (topics.length === 0) return;
    await this.client.admin.createTopics(topics.map((topic) => ({ topic, partitions: 1 })));
    topics.forEach((t) => this.created.add(t));
  }

  async close(): Promise<void> {
    await this.producer?.close();
  }
}
