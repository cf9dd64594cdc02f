/**
 * One partition of the embedded broker: an append-only array of records with offsets, count-based
 * retention, and transaction visibility (an open transaction's records hold back the last stable
 * offset; aborted ones stay invisible to `read_committed`; commit/abort markers take an offset
 * each, as in Kafka, so readers must tolerate offset gaps).
 */
import { StreamlabError } from '@streamlab/core';
import type { IsolationLevel, KafkaRecord } from '../port.js';

/** The state of one transaction in one partition; shared by the records it wrote. */
export interface TxnMark {
  status: 'open' | 'committed' | 'aborted';
  firstOffset: number;
}

/** A control marker (transaction commit/abort): occupies an offset, never returned. */
const CONTROL: TxnMark = { status: 'committed', firstOffset: -1 };

export class PartitionLog {
  /** Records from `low` to `high - 1`, starting at `records[start]`. */
  private records: KafkaRecord[] = [];
  /** Transaction marks, parallel to `records`, allocated only once a transaction writes here. */
  private marks: (TxnMark | undefined)[] | undefined;
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
    return this.base + this.records.length;
  }

  /** The first offset of the earliest open transaction, or `high`. */
  get lastStable(): number {
    return this.openTxns.length > 0 ? this.openTxns[0]!.firstOffset : this.high;
  }

  /** Appends records (their `offset` fields are assigned here); returns the first offset. */
  append(records: readonly Omit<KafkaRecord, 'offset'>[], txn?: TxnMark): number {
    const first = this.high;
    if (txn) {
      this.marks ??= new Array<TxnMark | undefined>(this.records.length);
      if (txn.firstOffset < 0) {
        txn.firstOffset = first;
        this.openTxns.push(txn);
      }
    }
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      this.records.push({ ...r, offset: first + i });
      if (this.marks) this.marks.push(txn);
    }
    this.enforceRetention();
    return first;
  }

  /** Ends a transaction that wrote here: writes its marker and releases the stable offset. */
  endTransaction(txn: TxnMark, status: 'committed' | 'aborted', timestamp: number): void {
    txn.status = status;
    this.openTxns = this.openTxns.filter((t) => t !== txn);
    this.marks ??= new Array<TxnMark | undefined>(this.records.length);
    this.records.push({ key: null, value: null, topic: this.topic, partition: this.partition, offset: this.high, timestamp, timestampType: 0, headers: [] });
    this.marks.push(CONTROL);
    this.enforceRetention();
  }

  /** Records in `[from, until)`, without control markers (and without aborted or open-transaction records under `read_committed`). */
  read(from: number, until: number, isolation: IsolationLevel = 'read_uncommitted'): KafkaRecord[] {
    if (from < this.low) {
      throw new StreamlabError('KAFKA_OFFSET_OUT_OF_RANGE', `offset ${from} of ${this.topic}-${this.partition} is no longer available (earliest is ${this.low})`, {
        value: this.low,
        hint: 'the records were deleted by retention; start from a later offset',
      });
    }
    const end = Math.min(until, isolation === 'read_committed' ? this.lastStable : this.high);
    if (from >= end) return [];
    const i0 = from - this.base;
    const i1 = end - this.base;
    if (!this.marks) return this.records.slice(i0, i1);
    const out: KafkaRecord[] = [];
    for (let i = i0; i < i1; i++) {
      const mark = this.marks[i];
      if (mark === CONTROL) continue;
      if (mark && isolation === 'read_committed' && mark.status !== 'committed') continue;
      out.push(this.records[i]!);
    }
    return out;
  }

  /** Deletes records below `offset` (as Kafka's DeleteRecords and retention do). */
  deleteBefore(offset: number): void {
    const target = Math.min(offset, this.high) - this.base;
    if (target <= this.start) return;
    this.start = target;
    // Compact once the dead prefix is large, so trimming stays amortised O(1) per record.
    if (this.start > 1024 && this.start * 2 > this.records.length) {
      this.records = this.records.slice(this.start);
      if (this.marks) this.marks = this.marks.slice(this.start);
      this.base += this.start;
      this.start = 0;
    }
  }

  private enforceRetention(): void {
    if (this.retentionRecords !== undefined && this.high - this.low > this.retentionRecords) {
      this.deleteBefore(this.high - this.retentionRecords);
    }
  }
}
