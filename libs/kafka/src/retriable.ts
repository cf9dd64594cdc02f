/**
 * Which Kafka errors a writer may retry. Kafka marks some answers non-retriable: the same request
 * fails the same way every time (a record over `max.message.bytes`, an invalid record, a fenced
 * producer), so retrying only delays the failure and, in a query, replays the batch forever.
 */

/**
 * True when trying the same request again cannot succeed: a StreamlabError marked not retriable
 * with a Kafka code that says so (a record too large, a fenced producer), or a kafkajs protocol
 * error that Kafka marks non-retriable (e.g. MESSAGE_TOO_LARGE, INVALID_RECORD).
 *
 * @example
 * if (isNonRetriableKafkaError(err)) throw err; // do not retry the batch
 */
export function isNonRetriableKafkaError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'KAFKA_RECORD_TOO_LARGE' || code === 'KAFKA_PRODUCER_FENCED') return true;
  let e = err as { name?: unknown; retriable?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; e && depth < 8; depth++, e = e.cause as typeof e) {
    if (e.name === 'KafkaJSProtocolError') return e.retriable === false;
  }
  return false;
}
