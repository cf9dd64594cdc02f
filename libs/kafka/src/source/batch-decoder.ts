/**
 * Turns one batch of Kafka records into rows for the source: decoded rows, the dead-letter records
 * of those that do not decode, the count of invalid ones, and the highest event time per
 * partition. Records come either as objects (`record`, any reader) or as value bytes straight
 * from storage (`value`, a `RecordVisitor` for readers that can scan): both give the same rows,
 * dead letters and counts, because `value` only takes what the decoder's byte fast path accepts
 * and hands everything else back as a whole record. Rows are kept per partition and returned in
 * the order the partitions were first seen (`begin` them in range order), so a scan that receives
 * partitions interleaved gives the same row order as a read.
 */
import { toEpochMs } from '@streamlab/core';
import type { KafkaRecord, OutgoingRecord, PartitionRange, RecordVisitor } from '../port.js';
import { deadLetterTopic } from '../topics.js';
import { deadLetterRecord } from './dead-letter.js';
import { bytesDecoderOf, generalDecoderOf, type Decoder } from './decode.js';
import type { BytesDecoder } from './json-fast-path.js';
import type { PartitionEventTimes } from './partition-event-time.js';
import type { DeadLetter } from './source-options.js';

export interface BatchDecoderOptions<T> {
  decode: Decoder<T>;
  /** The decoder's byte fast path, if it has one. */
  fast: BytesDecoder<T> | undefined;
  deadLetter: DeadLetter;
  /** Event-time field of the rows, for per-partition event times. */
  eventTimeField: string | undefined;
}

interface Slot<T> {
  topic: string;
  partition: number;
  rows: T[];
  deadLetters: OutgoingRecord[];
  maxEventTime: number;
}

export class BatchDecoder<T> implements RecordVisitor {
  invalid = 0;
  private readonly slots: Slot<T>[] = [];
  private readonly byPartition = new Map<string, Slot<T>>();
  private slot: Slot<T> | undefined;
  /** What decodes a record the fast path declined: the decoder's own general path when `fast` is its fast path (no second scan). */
  private readonly rest: Decoder<T>;

  constructor(private readonly opts: BatchDecoderOptions<T>) {
    this.rest = (opts.fast !== undefined && opts.fast === bytesDecoderOf(opts.decode) && generalDecoderOf(opts.decode)) || opts.decode;
  }

  /** The records that follow are from `range`. */
  begin(range: PartitionRange): void {
    this.select(range.topic, range.partition);
  }

  value(bytes: Buffer, start: number, end: number): boolean {
    const row = this.opts.fast?.(bytes, start, end);
    if (row === undefined) return false;
    this.accept(this.slot!, row);
    return true;
  }

  record(record: KafkaRecord): void {
    const slot = this.slot?.partition === record.partition && this.slot.topic === record.topic ? this.slot : this.select(record.topic, record.partition);
    const value = record.value;
    if (value !== null && this.value(value, 0, value.length)) return;
    const result = this.rest(record);
    if (result.ok) this.accept(slot, result.value);
    else {
      this.invalid++;
      const dl = this.opts.deadLetter;
      if (dl !== false) slot.deadLetters.push(deadLetterRecord(dl.topic ?? deadLetterTopic(record.topic), record, result.error));
    }
  }

  /** Ends the batch: the rows and dead letters, partition by partition; reports event times to `eventTimes`. */
  finish(eventTimes: PartitionEventTimes): { rows: T[]; deadLetters: OutgoingRecord[] } {
    if (this.slots.length === 1) {
      this.observe(this.slots[0]!, eventTimes);
      return { rows: this.slots[0]!.rows, deadLetters: this.slots[0]!.deadLetters };
    }
    const rows: T[] = [];
    const deadLetters: OutgoingRecord[] = [];
    for (const slot of this.slots) {
      this.observe(slot, eventTimes);
      for (let i = 0; i < slot.rows.length; i++) rows.push(slot.rows[i]!);
      for (const d of slot.deadLetters) deadLetters.push(d);
    }
    return { rows, deadLetters };
  }

  private select(topic: string, partition: number): Slot<T> {
    const key = `${topic}\u0000${partition}`;
    let slot = this.byPartition.get(key);
    if (!slot) {
      slot = { topic, partition, rows: [], deadLetters: [], maxEventTime: -Infinity };
      this.byPartition.set(key, slot);
      this.slots.push(slot);
    }
    this.slot = slot;
    return slot;
  }

  private accept(slot: Slot<T>, row: T): void {
    slot.rows.push(row);
    const field = this.opts.eventTimeField;
    if (field !== undefined) {
      const ms = toEpochMs((row as Record<string, unknown>)[field]);
      if (ms > slot.maxEventTime) slot.maxEventTime = ms;
    }
  }

  private observe(slot: Slot<T>, eventTimes: PartitionEventTimes): void {
    if (Number.isFinite(slot.maxEventTime)) eventTimes.observe(slot.topic, slot.partition, slot.maxEventTime);
  }
}
