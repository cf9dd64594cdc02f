/**
 * The sink of a scale-out task's engine query: it turns each batch's rows into records and leaves
 * them, with the batch's dead letters, for the task's transaction (`TaskCheckpoint.afterBatch`,
 * which runs after the operators committed, so the changelog records can join them).
 */
import type { BatchInfo, Sink, SinkContext } from '@streamlab/core';
import type { KafkaClient, OutgoingRecord } from '../port.js';
import { toOutgoing, type SinkRecord } from '../sink/sink-record.js';
import { closeDeadLetterOutbox, openDeadLetterOutbox, type DeadLetterOutbox } from '../source/dead-letter-outbox.js';

/** The records of the batch in progress, waiting for its transaction. */
export class TaskOutput {
  private records: OutgoingRecord[] = [];
  outbox: DeadLetterOutbox | undefined;

  add(records: OutgoingRecord[]): void {
    for (const r of records) this.records.push(r);
  }

  /** The batch's output records and dead letters; empties the buffer. */
  take(): OutgoingRecord[] {
    const out = this.records;
    this.records = [];
    const dead = this.outbox?.take() ?? [];
    return dead.length > 0 ? out.concat(dead) : out;
  }
}

/**
 * @example
 * const output = new TaskOutput();
 * stream.writeStream.sink(new TaskSink(client, output, 'counts', (r) => ({ key: r.key, value: r })));
 */
export class TaskSink<T> implements Sink<T> {
  readonly description: string;
  private queryId = '';

  constructor(
    private readonly client: KafkaClient,
    private readonly output: TaskOutput,
    private readonly topic: string | undefined,
    private readonly toRecord: (row: T) => SinkRecord,
  ) {
    this.description = `KafkaSink[${topic ?? 'topic per row'}, exactly-once, scale-out task]`;
  }

  open(ctx: SinkContext): void {
    this.queryId = ctx.queryId;
    // The task's Kafka sources leave their dead letters here: they join the batch's transaction.
    this.output.outbox = openDeadLetterOutbox(ctx.queryId, this.client);
  }

  addBatch(rows: readonly T[], _info: BatchInfo): void {
    const records: OutgoingRecord[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) records[i] = toOutgoing(this.toRecord(rows[i]!), this.topic);
    this.output.add(records);
  }

  close(): void {
    if (this.output.outbox) closeDeadLetterOutbox(this.queryId, this.output.outbox);
    this.output.outbox = undefined;
  }
}
