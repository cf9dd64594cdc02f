/**
 * The live path's topics: created before any query subscribes, with bounded retention (the
 * embedded broker keeps a number of records, a real broker an hour), and where the queries start
 * reading (the end of the transactions topic as it is now, so every record this run's simulator
 * writes is read, and a real broker's older records are not replayed).
 */
import type { KafkaClient, TopicSpec } from '@streamlab/kafka';

export interface LiveTopics {
  /** The simulator's transactions (`fraud.transactions`). */
  transactions: string;
  /** Records of the transactions topic that did not decode (`fraud.transactions-dlq`). */
  deadLetters: string;
  /** Alerts (`fraud.alerts`). */
  alerts: string;
}

/**
 * The dead-letter topic of a transactions topic (the Kafka source's default name).
 *
 * @example
 * deadLetterTopic('fraud.transactions'); // 'fraud.transactions-dlq'
 */
export function deadLetterTopic(transactions: string): string {
  return `${transactions}-dlq`;
}

/**
 * Creates the topics that do not exist yet (existing ones are left as they are).
 *
 * @example
 * await ensureLiveTopics(kafka, { transactions: 'fraud.transactions', deadLetters: 'fraud.transactions-dlq', alerts: 'fraud.alerts' });
 */
export async function ensureLiveTopics(kafka: KafkaClient, topics: LiveTopics, partitions = 3): Promise<void> {
  const existing = new Set(await kafka.admin.listTopics());
  const configs: Record<string, string> = kafka.kind === 'embedded' ? { 'retention.records': '200000' } : { 'retention.ms': '3600000' };
  const specs: TopicSpec[] = [
    { topic: topics.transactions, partitions, configs },
    { topic: topics.deadLetters, partitions: 1, configs },
    { topic: topics.alerts, partitions, configs },
  ].filter((s) => !existing.has(s.topic));
  if (specs.length > 0) await kafka.admin.createTopics(specs);
}

/**
 * The current end of every partition of `topic`, as `startingOffsets` JSON for the Kafka source.
 *
 * @example
 * await endOffsets(kafka, 'fraud.transactions'); // { 'fraud.transactions': { '0': 0, '1': 0, '2': 0 } }
 */
export async function endOffsets(kafka: KafkaClient, topic: string): Promise<Record<string, Record<string, number>>> {
  const parts = await kafka.admin.topicOffsets(topic);
  return { [topic]: Object.fromEntries(parts.map((p) => [String(p.partition), p.high])) };
}
