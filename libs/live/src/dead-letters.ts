/**
 * The dead-letter view: a query on a dead-letter topic that shows each record that did not decode
 * (why it failed, where it came from, its first characters) on the dashboard, so bad input is
 * visible and counted there, not only in the logs.
 */
import { Stream, type Sink, type StreamingQuery, type StreamingSession, type TriggerOptions } from '@streamlab/core';
import { DLQ_HEADERS, kafkaSource, type KafkaClient, type KafkaRow } from '@streamlab/kafka';

/** A dead-lettered record as the dashboard shows it. */
export interface DeadLetterRow {
  /** `<partition>-<offset>` in the source topic. */
  id: string;
  /** Why it did not decode (the source's `streamlab.error` header). */
  reason: string;
  /** The record's first 120 characters. */
  text: string;
  /** When it was written, epoch ms. */
  time: number;
  /** Records dead-lettered since the query started, this one included (the dead-letter topic has one partition). */
  count: number;
}

const header = (row: KafkaRow, key: string): string => row.headers?.find((h) => h.key === key)?.value?.toString('utf8') ?? '';

/**
 * A dead-letter record (read with `includeHeaders`) as a row for the dashboard.
 *
 * @example
 * deadLetterRow(record, 0); // { id: '2-1041', reason: 'malformed JSON: ...', text: '{"txId":"tx-..', time: 1764000000000, count: 1 }
 */
export function deadLetterRow(row: KafkaRow, startOffset: number): DeadLetterRow {
  return {
    id: `${header(row, DLQ_HEADERS.partition) || '?'}-${header(row, DLQ_HEADERS.offset) || row.offset}`,
    reason: header(row, DLQ_HEADERS.error) || 'unknown',
    text: (row.value?.toString('utf8') ?? '(null)').slice(0, 120),
    time: row.timestamp,
    count: row.offset + 1 - startOffset,
  };
}

/**
 * Starts the query that streams the dead-letter topic (one partition), from `startingOffsets`, to `sink`.
 *
 * @example
 * deadLetterQuery({ kafka, topic: 'fraud.transactions-dlq', startingOffsets, trigger, sink: live('dead-letters') });
 */
export function deadLetterQuery(o: {
  kafka: KafkaClient;
  topic: string;
  startingOffsets: Record<string, Record<string, number>>;
  trigger: TriggerOptions;
  sink: Sink<DeadLetterRow>;
  session?: StreamingSession;
}): StreamingQuery {
  const from = o.startingOffsets[o.topic]?.['0'] ?? 0;
  const source = kafkaSource({
    client: o.kafka,
    subscribe: o.topic,
    groupId: `${o.topic}.dead-letters`,
    startingOffsets: o.startingOffsets,
    includeHeaders: true,
  });
  const writer = Stream.fromSource<KafkaRow>(source).map((r) => deadLetterRow(r, from)).writeStream;
  return (o.session ? writer.session(o.session) : writer).outputMode('append').trigger(o.trigger).queryName('dead-letters').sink(o.sink).start();
}
