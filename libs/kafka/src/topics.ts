/**
 * A use case's topics: declared by name, created before any query subscribes (existing ones are
 * left as they are) with bounded retention (the embedded broker keeps a number of records, a real
 * broker an hour), each with its dead-letter topic when asked, and where queries start reading
 * (the end of a topic as it is now, so a run reads all its simulator writes, and a real broker's
 * older records are not replayed).
 */
import type { KafkaClient, TopicSpec } from './port.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './record-size.js';
import { DLQ_HEADER_ROOM } from './source/dead-letter.js';

/** A topic a use case writes or reads. */
export interface TopicDeclaration {
  topic: string;
  /** Default 3. */
  partitions?: number;
  /** Also create its dead-letter topic (`deadLetterTopic(topic)`, one partition), where the Kafka source puts records that do not decode. */
  deadLetters?: boolean;
}

/**
 * The dead-letter topic of a topic (the Kafka source's default name).
 *
 * @example
 * deadLetterTopic('fraud.transactions'); // 'fraud.transactions-dlq'
 */
export function deadLetterTopic(topic: string): string {
  return `${topic}-dlq`;
}

/**
 * Bounded retention for a long-running demo: the last 200 000 records on the embedded broker, an hour on a real one.
 *
 * @example
 * boundedRetention(createEmbeddedKafka()); // { 'retention.records': '200000' }
 */
export function boundedRetention(kafka: Pick<KafkaClient, 'kind'>): Record<string, string> {
  return kafka.kind === 'embedded' ? { 'retention.records': '200000' } : { 'retention.ms': '3600000' };
}

/**
 * Creates the declared topics (and dead-letter topics) that do not exist yet, with bounded retention.
 *
 * @example
 * await ensureTopics(kafka, [{ topic: 'fraud.transactions', deadLetters: true }, { topic: 'fraud.alerts' }]);
 */
export async function ensureTopics(kafka: KafkaClient, topics: readonly TopicDeclaration[]): Promise<void> {
  const existing = new Set(await kafka.admin.listTopics());
  const configs = boundedRetention(kafka);
  const specs: TopicSpec[] = [];
  for (const t of topics) {
    specs.push({ topic: t.topic, partitions: t.partitions ?? 3, configs });
    if (!t.deadLetters) continue;
    // a dead letter is its record plus the headers saying why and where from: its topic takes the
    // largest record the source takes, and room for those headers (else it would be cut to fit)
    const sourceLimit = existing.has(t.topic) ? await maxMessageBytes(kafka, t.topic) : DEFAULT_MAX_MESSAGE_BYTES;
    const room = { 'max.message.bytes': String(Math.max(DEFAULT_MAX_MESSAGE_BYTES, sourceLimit) + DLQ_HEADER_ROOM) };
    specs.push({ topic: deadLetterTopic(t.topic), partitions: 1, configs: { ...configs, ...room } });
  }
  const missing = specs.filter((s) => !existing.has(s.topic));
  if (missing.length > 0) await kafka.admin.createTopics(missing);
}

async function maxMessageBytes(kafka: KafkaClient, topic: string): Promise<number> {
  const n = Number(((await kafka.admin.topicConfigs(topic).catch(() => ({}))) as Record<string, string | undefined>)['max.message.bytes']);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_MAX_MESSAGE_BYTES;
}

/**
 * The current end of every partition of `topic`, as `startingOffsets` for the Kafka source.
 *
 * @example
 * await endOffsets(kafka, 'fraud.transactions'); // { 'fraud.transactions': { '0': 0, '1': 0, '2': 0 } }
 */
export async function endOffsets(kafka: KafkaClient, topic: string): Promise<Record<string, Record<string, number>>> {
  const parts = await kafka.admin.topicOffsets(topic);
  return { [topic]: Object.fromEntries(parts.map((p) => [String(p.partition), p.high])) };
}
