/**
 * One query's live channel inside a use case namespace: it coalesces the query's micro-batches,
 * sends at most `maxMessagesPerSecond` messages, keeps the current result table for clients
 * that connect late, and remembers recent progress for the API.
 */
import type { BatchInfo, StreamingQueryProgress } from '@streamlab/core';
import { Coalescer } from './coalescer.js';
import type { BatchMessage, BatchSummary, SnapshotMessage } from './protocol.js';
import { summarizeProgress } from './protocol.js';
import { addBatch, emptyTotals } from './query-totals.js';
import { ResultTable } from './result-table.js';
import { systemScheduler, type Scheduler } from './scheduler.js';

export interface ChannelOptions {
  /** Messages per second at most (batches in between are coalesced). Default 10. */
  maxMessagesPerSecond?: number;
  /** Append mode: rows per message at most (older rows of the message are cut and counted). Default 5000. */
  maxRowsPerMessage?: number;
  /** Rows of the result table kept for late clients. Default 1000. */
  snapshotRows?: number;
  /** Send with socket.io `volatile`: a client that is not ready misses the message (positions, ticks). */
  volatile?: boolean;
  /** Progress objects kept for `GET /api/<use-case>/progress`. Default 100. */
  progressHistory?: number;
}

export type Publish = (msg: BatchMessage, volatile: boolean) => void;

/** Told about every micro-batch a channel takes (metrics use it). */
export type BatchObserver = (channel: QueryChannel, summary: BatchSummary) => void;

export class QueryChannel {
  readonly intervalMs: number;
  readonly volatile: boolean;
  private readonly coalescer: Coalescer;
  private readonly table: ResultTable;
  private readonly history: unknown[] = [];
  private readonly historySize: number;
  private lastSentMs = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private last: BatchSummary | null = null;
  private batches = 0;
  /** Every batch since the query started (a restarted query gets a fresh channel). */
  private readonly totals = emptyTotals();
  private keyFields: readonly string[] = [];
  /** Numbers only known once a batch completed (after the sink ran): from `recordProgress`. */
  private completed: { batchId: number; processedRowsPerSecond: number; durationMs: number | null } | null = null;

  constructor(
    readonly namespace: string,
    readonly query: string,
    private readonly publish: Publish,
    opts: ChannelOptions = {},
    private readonly scheduler: Scheduler = systemScheduler,
    private readonly observer?: BatchObserver,
  ) {
    const hz = opts.maxMessagesPerSecond ?? 10;
    if (!(hz > 0)) throw new RangeError(`maxMessagesPerSecond must be > 0, got ${hz}`);
    this.intervalMs = 1000 / hz;
    this.volatile = opts.volatile ?? false;
    this.coalescer = new Coalescer(opts.maxRowsPerMessage ?? 5000);
    this.table = new ResultTable({ maxRows: opts.snapshotRows ?? 1000 });
    this.historySize = opts.progressHistory ?? 100;
  }

  /** The last batch's summary, or null before the first batch. */
  get lastSummary(): BatchSummary | null {
    return this.last;
  }

  /** Batches received so far. */
  get batchCount(): number {
    return this.batches;
  }

  /** Recent progress objects, oldest first. */
  recentProgress(): unknown[] {
    return this.history.slice();
  }

  /** Takes one micro-batch from the sink. Sends now, or later within the throttle. */
  push(rows: readonly Record<string, unknown>[], info: BatchInfo): void {
    this.batches += 1;
    this.keyFields = info.keyFields;
    this.coalescer.add(rows, info);
    this.table.apply(info.outputMode, info.keyFields, rows, info.removed);
    addBatch(this.totals, info.progress);
    this.last = this.withCompleted(summarizeProgress(info.progress, info.watermarkMs, this.totals));
    this.observer?.(this, this.last);
    this.history.push(info.progress);
    if (this.history.length > this.historySize) this.history.shift();
    if (this.timer !== null) return;
    const wait = this.lastSentMs + this.intervalMs - this.scheduler.now();
    if (wait <= 0) this.send();
    else this.timer = this.scheduler.setTimeout(() => this.send(), wait);
  }

  /**
   * Takes a completed batch's full progress (the query's progress event): its processing rate
   * and duration go into the next messages (a sink runs before they are known), and it replaces
   * the partial entry in the progress history.
   */
  recordProgress(p: StreamingQueryProgress): void {
    this.completed = { batchId: p.batchId, processedRowsPerSecond: p.processedRowsPerSecond, durationMs: p.durationMs.triggerExecution };
    const i = this.history.findIndex((h) => (h as { batchId?: number }).batchId === p.batchId);
    if (i >= 0) this.history[i] = p;
    if (this.last) this.last = this.withCompleted(this.last);
  }

  private withCompleted(s: BatchSummary): BatchSummary {
    const c = this.completed;
    if (!c || c.batchId > s.batchId) return s;
    return { ...s, processedRowsPerSecond: c.processedRowsPerSecond, durationMs: c.durationMs ?? s.durationMs };
  }

  /** Sends whatever is pending now (used when the query stops). */
  flush(): void {
    this.send();
  }

  /** The current result table, for a client that just connected. */
  snapshot(): SnapshotMessage {
    return {
      query: this.query,
      outputMode: this.table.outputMode ?? 'append',
      keyFields: this.keyFields,
      rows: this.table.rows(),
      progress: this.last,
      sentAtMs: this.scheduler.now(),
    };
  }

  /** Stops the pending timer without sending. */
  dispose(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }

  private send(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
    const now = this.scheduler.now();
    const msg = this.coalescer.take(this.query, now);
    if (!msg) return;
    this.lastSentMs = now;
    msg.progress = this.withCompleted({ ...msg.progress, totals: { ...this.totals } });
    this.publish(msg, this.volatile);
  }
}
