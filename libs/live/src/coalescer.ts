/**
 * Merges the micro-batches a query produces between two sends into one message, so a fast
 * query never sends more than the throttle allows and nothing a client needs is lost:
 * - update: the latest row per key wins (a key removed and not re-added stays removed);
 * - complete: the latest batch's table wins (it already contains everything);
 * - append: every row is kept in order.
 * A message carries at most `maxRowsPerMessage` rows (the size cap): beyond that the oldest rows
 * (append), the least recently changed keys (update) or the first rows (complete) are cut and
 * counted in `truncatedRows`. Clients keep a bounded table, so the rows cut are the ones they
 * would drop anyway; the server's snapshot table is bounded the same way.
 */
import type { BatchInfo, OutputMode } from '@streamlab/core';
import type { BatchMessage, BatchSummary } from './protocol.js';
import { summarizeProgress } from './protocol.js';
import { rowKey } from './result-table.js';

export class Coalescer<T = Record<string, unknown>> {
  private mode: OutputMode = 'append';
  private keyFields: readonly string[] = [];
  private firstBatchId = -1;
  private summary: BatchSummary | null = null;
  private numInputRows = 0;
  private lateRows = 0;
  private appended: T[] = [];
  private truncated = 0;
  private updated = new Map<string, T>();
  private removed = new Map<string, unknown>();
  private complete: readonly T[] = [];

  constructor(private readonly maxRowsPerMessage: number) {}

  /** True when at least one batch is waiting to be sent. */
  get pending(): boolean {
    return this.summary !== null;
  }

  add(rows: readonly T[], info: BatchInfo): void {
    const s = summarizeProgress(info.progress, info.watermarkMs);
    if (!this.summary) this.firstBatchId = info.batchId;
    this.mode = info.outputMode;
    this.keyFields = info.keyFields;
    this.numInputRows += s.numInputRows;
    this.lateRows += s.lateRows;
    this.summary = s;
    if (this.mode === 'complete') {
      this.complete = rows;
    } else if (this.mode === 'update' && this.keyFields.length > 0) {
      for (const r of info.removed) {
        const k = rowKey(r, this.keyFields);
        this.updated.delete(k);
        this.removed.set(k, r);
      }
      for (const r of rows) {
        const k = rowKey(r, this.keyFields);
        this.removed.delete(k);
        this.updated.set(k, r);
      }
    } else {
      for (const r of rows) this.appended.push(r);
      const over = this.appended.length - this.maxRowsPerMessage;
      if (over > 0) {
        this.appended.splice(0, over);
        this.truncated += over;
      }
    }
  }

  /** The message for everything added since the last take, and a reset; null when nothing is pending. */
  take(query: string, nowMs: number): BatchMessage<T> | null {
    const s = this.summary;
    if (!s) return null;
    let rows: T[];
    if (this.mode === 'complete') rows = this.complete.slice(Math.max(0, this.complete.length - this.maxRowsPerMessage));
    else if (this.mode === 'update' && this.keyFields.length > 0) {
      rows = [...this.updated.values()];
      if (rows.length > this.maxRowsPerMessage) {
        this.truncated = rows.length - this.maxRowsPerMessage;
        rows = rows.slice(this.truncated); // the most recently changed keys (what a bounded client table keeps)
      }
    } else rows = this.appended;
    const msg: BatchMessage<T> = {
      query,
      outputMode: this.mode,
      keyFields: this.keyFields,
      firstBatchId: this.firstBatchId,
      lastBatchId: s.batchId,
      rows,
      removed: [...this.removed.values()],
      truncatedRows: this.mode === 'complete' ? Math.max(0, this.complete.length - this.maxRowsPerMessage) : this.truncated,
      progress: { ...s, numInputRows: this.numInputRows, lateRows: this.lateRows },
      sentAtMs: nowMs,
    };
    this.summary = null;
    this.numInputRows = 0;
    this.lateRows = 0;
    this.appended = [];
    this.truncated = 0;
    this.updated = new Map();
    this.removed = new Map();
    this.complete = [];
    return msg;
  }
}
