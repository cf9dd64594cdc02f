/**
 * Which Kafka errors a writer may retry. Kafka marks some answers non-retriable: the same request
 * fails the same way every time (a record over `max.message.bytes`, an invalid record, a fenced
 * producer), so retrying only delays the failure and, in a query, replays the batch forever.
 */

/**
 * True when trying the same request again cannot succeed: a StreamlabError with a Kafka code that
 * says so (a record too large, a fenced producer), or a kafkajs protocol error that Kafka marks
 * non-retriable (e.g. MESSAGE_TOO_LARGE, INVALID_RECORD); the error itself or one of its causes
 * (the Kafka sink's KAFKA_SINK_SEND_FAILED has the request's error as its cause).
 *
 * @example
 * if (isNonRetriableKafkaError(err)) throw err; // do not retry the batch
 */
export function isNonRetriableKafkaError(err: unknown): boolean {
  let e = err as { name?: unknown; code?: unknown; retriable?: unknown; cause?: unknown } | null | undefined;
  for (let depth = 0; e && depth < 8; depth++, e = e.cause as typeof e) {
    if (e.code === 'KAFKA_RECORD_TOO_LARGE' || e.code === 'KAFKA_PRODUCER_FENCED') return true;
    if (e.name === 'KafkaJSProtocolError') return e.retriable === false;
  }
  return false;
}
