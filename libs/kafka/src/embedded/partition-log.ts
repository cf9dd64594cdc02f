/**
 * One partition of the embedded broker: an append-only log with offsets, count-based retention,
 * and transaction visibility (an open transaction's records hold back the last stable offset;
 * aborted ones stay invisible to `read_committed`; commit/abort markers take an offset each, as in
 * Kafka, so readers must tolerate offset gaps).
 *
 * Storage is columnar, not one object per record: each record's key and value bytes are copied
 * next to each other into large arena chunks, and typed arrays hold where they are and the
 * timestamp. A million records cost their bytes plus ~24 bytes each instead of four heap objects
 * each, and `scan` hands a value's bytes to a decoder without building a record at all.
 */
import { StreamlabError } from '@streamlab/core';
import type { IsolationLevel, KafkaHeader, KafkaRecord, RecordVisitor } from '../port.js';
import { Columns } from './log-columns.js';

/** The state of one transaction in one partition; shared by the records it wrote. */
export interface TxnMark {
  status: 'open' | 'committed' | 'aborted';
  firstOffset: number;
}

/** A record to append: the partition and offset are the log's. */
export interface AppendRecord {
  key: Buffer | null;
  value: Buffer | string | null;
  timestamp: number;
  headers: readonly KafkaHeader[] | undefined;
}

/** A control marker (transaction commit/abort): occupies an offset, never returned. */
const CONTROL: TxnMark = { status: 'committed', firstOffset: -1 };

export class PartitionLog {
  /** Records from `low` to `high - 1` are the columns' rows `start` to `cols.count - 1`. */
  private readonly cols = new Columns();
  /** Transaction marks, parallel to the columns, allocated only once a transaction writes here. */
  private marks: (TxnMark | undefined)[] | undefined;
  /** Headers, parallel to the columns, allocated only once a record with headers is written. */
  private headers: (readonly KafkaHeader[] | undefined)[] | undefined;
  private start = 0;
  private base = 0;
  private openTxns: TxnMark[] = [];

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** Keep at most this many records (`retention.records`); unlimited when undefined. */
    public retentionRecords: number | undefined,
  ) {}

  /** First offset still stored. */
  get low(): number {
    return this.base + this.start;
  }

  /** Next offset to be written. */
  get high(): number {
    return this.base + this.cols.count;
  }

  /** The first offset of the earliest open transaction, or `high`. */
  get lastStable(): number {
    return this.openTxns.length > 0 ? this.openTxns[0]!.firstOffset : this.high;
  }

  /** Appends records (offsets are assigned here); returns the first offset. */
  append(records: readonly AppendRecord[], txn?: TxnMark): number {
    const first = this.high;
    if (txn) {
      this.marks ??= new Array<TxnMark | undefined>(this.cols.count);
      if (txn.firstOffset < 0) {
        txn.firstOffset = first;
        this.openTxns.push(txn);
      }
    }
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const row = this.cols.push(r.key, r.value, r.timestamp);
      if (this.marks) this.marks[row] = txn;
      if (r.headers && r.headers.length > 0) this.headers ??= new Array<readonly KafkaHeader[] | undefined>(this.cols.count);
      if (this.headers) this.headers[row] = r.headers;
    }
    this.enforceRetention();
    return first;
  }

  /** Ends a transaction that wrote here: writes its marker and releases the stable offset. */
  endTransaction(txn: TxnMark, status: 'committed' | 'aborted', timestamp: number): void {
    txn.status = status;
    this.openTxns = this.openTxns.filter((t) => t !== txn);
    this.marks ??= new Array<TxnMark | undefined>(this.cols.count);
    const row = this.cols.push(null, null, timestamp);
    this.marks[row] = CONTROL;
    if (this.headers) this.headers[row] = undefined;
    this.enforceRetention();
  }

  /** Records in `[from, until)`, without control markers (and without aborted or open-transaction records under `read_committed`). */
  read(from: number, until: number, isolation: IsolationLevel = 'read_uncommitted'): KafkaRecord[] {
    const out: KafkaRecord[] = [];
    this.visit(from, until, isolation, (row) => out.push(this.record(row)));
    return out;
  }

  /** The records `read` would return, handed to `visitor` value-first (see `RecordVisitor`). */
  scan(from: number, until: number, isolation: IsolationLevel, visitor: RecordVisitor): void {
    const cols = this.cols;
    this.visit(from, until, isolation, (row) => {
      const chunk = cols.chunkOf(row);
      const len = cols.valueLength[row]!;
      if (chunk === undefined || len < 0) return visitor.record(this.record(row));
      const start = cols.valueStart(row);
      if (!visitor.value(chunk, start, start + len)) visitor.record(this.record(row));
    });
  }

  /** Throws `KAFKA_OFFSET_OUT_OF_RANGE` when `from` is below the log start. */
  checkAvailable(from: number): void {
    if (from < this.low) {
      throw new StreamlabError(
        'KAFKA_OFFSET_OUT_OF_RANGE',
        `offset ${from} of ${this.topic}-${this.partition} is no longer available (earliest is ${this.low})`,
        {
          value: this.low,
          hint: 'the records were deleted by retention; start from a later offset',
        },
      );
    }
  }

  /** Deletes records below `offset` (as Kafka's DeleteRecords and retention do). */
  deleteBefore(offset: number): void {
    const target = Math.min(offset, this.high) - this.base;
    if (target <= this.start) return;
    this.start = target;
    // Compact once the dead prefix is large, so trimming stays amortised O(1) per record.
    if (this.start > 1024 && this.start * 2 > this.cols.count) {
      this.cols.dropFirst(this.start);
      if (this.marks) this.marks = this.marks.slice(this.start);
      if (this.headers) this.headers = this.headers.slice(this.start);
      this.base += this.start;
      this.start = 0;
    }
  }

  /** Calls `fn` with the column row of every visible record in `[from, until)`. */
  private visit(from: number, until: number, isolation: IsolationLevel, fn: (row: number) => void): void {
    this.checkAvailable(from);
    const end = Math.min(until, isolation === 'read_committed' ? this.lastStable : this.high);
    const i0 = from - this.base;
    const i1 = end - this.base;
    const marks = this.marks;
    for (let i = i0; i < i1; i++) {
      if (marks) {
        const mark = marks[i];
        if (mark === CONTROL) continue;
        if (mark && isolation === 'read_committed' && mark.status !== 'committed') continue;
      }
      fn(i);
    }
  }

  private record(row: number): KafkaRecord {
    const { key, value } = this.cols.buffers(row);
    return {
      key,
      value,
      topic: this.topic,
      partition: this.partition,
      offset: this.base + row,
      timestamp: this.cols.timestamp[row]!,
      timestampType: 0,
      headers: this.headers?.[row] ? [...this.headers[row]!] : [],
    };
  }

  private enforceRetention(): void {
    if (this.retentionRecords !== undefined && this.high - this.low > this.retentionRecords) {
      this.deleteBefore(this.high - this.retentionRecords);
    }
  }
}
