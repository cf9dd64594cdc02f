/**
 * Dead letters inside the exactly-once transaction: when a query's sink is an exactly-once Kafka
 * sink on the same cluster as its Kafka source, the source does not write a batch's dead letters
 * itself (at-least-once: a batch replayed after a crash would write them again); it leaves them in
 * the query's outbox, and the sink sends them in the batch's transaction, with its output and its
 * progress marker. A `read_committed` reader of the dead-letter topic then sees each bad record
 * exactly once, even across crashes and replays. Otherwise the source writes them as before.
 */
import type { KafkaClient, OutgoingRecord } from '../port.js';

/** The dead letters of the batch being processed, waiting for the sink's transaction. */
export class DeadLetterOutbox {
  private pending: OutgoingRecord[] = [];

  constructor(readonly client: KafkaClient) {}

  add(records: readonly OutgoingRecord[]): void {
    for (const r of records) this.pending.push(r);
  }

  /** Everything added since the last `take`. */
  take(): OutgoingRecord[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

/** Open outboxes by query id (one exactly-once Kafka sink per query registers one). */
const outboxes = new Map<string, DeadLetterOutbox>();

/**
 * Registers the exactly-once sink of query `queryId` as the writer of its sources' dead letters.
 *
 * @example
 * const outbox = openDeadLetterOutbox(ctx.queryId, client); // in the sink's open()
 */
export function openDeadLetterOutbox(queryId: string, client: KafkaClient): DeadLetterOutbox {
  const outbox = new DeadLetterOutbox(client);
  outboxes.set(queryId, outbox);
  return outbox;
}

export function closeDeadLetterOutbox(queryId: string, outbox: DeadLetterOutbox): void {
  if (outboxes.get(queryId) === outbox) outboxes.delete(queryId);
}

/**
 * The outbox a source of query `queryId` reading through `client` should leave its dead letters
 * in, or `undefined` (write them directly) when the query has no exactly-once Kafka sink on the
 * same cluster (the same client, or the same bootstrap servers of a real broker).
 */
export function deadLetterOutboxFor(queryId: string | undefined, client: KafkaClient): DeadLetterOutbox | undefined {
  const outbox = queryId === undefined ? undefined : outboxes.get(queryId);
  if (!outbox) return undefined;
  const same = outbox.client === client || (client.kind === 'kafka' && outbox.client.kind === 'kafka' && outbox.client.bootstrap === client.bootstrap);
  return same ? outbox : undefined;
}
