/**
 * Streaming deduplication. A row is emitted the first time its key is seen; later rows with the
 * same key are dropped while the key is in state.
 *
 * - `all` (dropDuplicates): without a watermark state grows forever; with one, rows with
 *   `eventTime <= watermark` are dropped as late, and when the event-time column is part of the
 *   key, a key is evicted once `eventTime <= watermark` (Spark's watermark predicate on keys).
 * - `withinWatermark` (dropDuplicatesWithinWatermark): a key expires at `eventTime + delay` of
 *   its first row and is evicted once `expiry <= watermark`.
 *
 * State is a `DedupStore<key>` (a StateStore for keys with an expiry, tuned for inserts and
 * evictions): key → event time (or expiry) for eviction.
 */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator, StateChanges, StatefulOperator, StateSnapshot } from '../../exec/operator.js';
import type { EventTimeColumn } from '../../plan/node.js';
import type { StateOperatorProgress } from '../../progress.js';
import { eventTimeProblem, toEpochMs } from '../../time/event-time.js';
import { RowKeys } from '../state/support/keys.js';
import { LateRows } from '../state/support/late.js';
import { DedupStore } from './dedup-store.js';

/** `all`: dropDuplicates; `withinWatermark`: dropDuplicatesWithinWatermark. */
export type DedupMode = 'all' | 'withinWatermark';

export interface DedupOperatorConfig {
  operatorId: number;
  child: PhysicalOperator;
  /** Key columns; empty means every column of the row. */
  fields: readonly string[];
  mode: DedupMode;
  timeField: string | undefined;
  eventTime: EventTimeColumn | undefined;
}

export class DedupOperator implements PhysicalOperator, StatefulOperator {
  readonly name: string;
  readonly operatorName: string;
  readonly operatorId: number;
  readonly store: DedupStore<unknown>;
  private readonly child: PhysicalOperator;
  private readonly mode: DedupMode;
  private readonly allColumns: boolean;
  private readonly timeField: string | undefined;
  private readonly eventTime: EventTimeColumn | undefined;
  private readonly late: LateRows;
  private keys: RowKeys;
  private columns: Set<string>;
  /** Whether keys are evicted by the watermark (bounded state). */
  private evicts: boolean;
  /** Smallest eviction time in state (a lower bound), so most batches skip the eviction scan. */
  private minExpiry = Infinity;
  private removed = 0;
  private duplicates = 0;
  /** Whether a key column held an object (a window `{ start, end }`): keys are then compared by value. */
  private objectKeys = false;
  /** Keys of this batch that this batch's watermark evicts at once (added and removed, as in Spark). */
  private readonly transient = new Set<unknown>();

  constructor(cfg: DedupOperatorConfig) {
    this.operatorId = cfg.operatorId;
    this.child = cfg.child;
    this.mode = cfg.mode;
    this.operatorName = cfg.mode === 'withinWatermark' ? 'dedupeWithinWatermark' : 'dedupe';
    this.name = this.operatorName;
    this.allColumns = cfg.fields.length === 0;
    this.timeField = cfg.timeField;
    this.eventTime = cfg.eventTime;
    this.late = new LateRows(this.operatorName);
    this.store = new DedupStore(cfg.operatorId);
    this.columns = new Set(cfg.fields);
    this.keys = new RowKeys([...cfg.fields].sort());
    this.evicts = this.computeEvicts();
  }

  private computeEvicts(): boolean {
    if (this.timeField === undefined) return false;
    if (this.mode === 'withinWatermark') return true;
    return this.columns.has(this.timeField);
  }

  execute(ctx: BatchContext): unknown[] {
    const rows = this.child.execute(ctx) as Record<string, unknown>[];
    this.late.reset();
    this.removed = 0;
    this.duplicates = 0;
    this.transient.clear();
    const out: unknown[] = [];
    const store = this.store;
    const tf = this.timeField;
    const wm = ctx.watermarkMs;
    const lateWm = ctx.lateWatermarkMs; // late input: the previous batch's watermark (Spark 3.4+); eviction: this batch's
    const delay = this.mode === 'withinWatermark' && this.eventTime ? this.eventTime.delayMs : 0;
    let minExpiry = this.minExpiry;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      let t = 0;
      if (tf !== undefined) {
        const v = row[tf];
        t = typeof v === 'number' ? v : toEpochMs(v);
        if (t !== t) {
          ctx.reportInvalid(row, eventTimeProblem(tf, v), this.name);
          continue;
        }
        if (t <= lateWm) {
          this.late.drop(ctx, this.eventTime, row, t, lateWm, t);
          continue;
        }
      }
      if (this.allColumns) this.ensureColumns(row);
      if (!this.objectKeys) for (const f of this.keys.fields) if (typeof row[f] === 'object' && row[f] !== null) this.objectKeys = true;
      const expiry = t + delay;
      const key = this.keys.of(this.objectKeys ? byValue(row, this.keys.fields) : row);
      if (this.evicts && expiry <= wm) {
        // Not late by the previous batch's watermark, but this batch's evicts it: Spark adds it to
        // state and removes it in the same batch. It is new unless its key is stored (or was seen
        // earlier in this batch); it is not kept.
        if (store.has(key) || this.transient.has(key)) {
          this.duplicates += 1;
          continue;
        }
        this.transient.add(key);
        out.push(row);
        continue;
      }
      if (!store.add(key, expiry)) {
        this.duplicates += 1;
        continue;
      }
      if (expiry < minExpiry) minExpiry = expiry;
      out.push(row);
    }
    this.minExpiry = minExpiry;
    if (this.evicts && minExpiry <= wm) this.evict(wm);
    return out;
  }

  /** Removes every key whose event time (or expiry) is at or before the watermark. */
  private evict(wm: number): void {
    const keys = this.keys;
    const before = this.store.size;
    this.minExpiry = this.store.evictUpTo(wm, keys.single === undefined ? (k) => keys.forget(k) : undefined);
    this.removed += before - this.store.size;
  }

  /** `dropDuplicates()` keys on every column: widen the key when a row brings a new column. */
  private ensureColumns(row: Record<string, unknown>): void {
    let grew = false;
    for (const c in row) {
      if (!this.columns.has(c)) {
        this.columns.add(c);
        grew = true;
      }
    }
    if (!grew) return;
    const oldKeys = this.keys;
    const next = new RowKeys([...this.columns].sort());
    this.store.rekey((k) => {
      const asRow: Record<string, unknown> = {};
      oldKeys.write(k, asRow);
      return next.of(asRow);
    });
    this.keys = next;
    this.evicts = this.computeEvicts();
    this.minExpiry = this.store.minExpiry();
  }

  runsNoDataBatchOnWatermark(): boolean {
    return true; // StreamingDeduplicateExec: always
  }

  needsNoDataBatch(nextWatermarkMs: number): boolean {
    return this.evicts && this.store.size > 0 && this.minExpiry <= nextWatermarkMs;
  }

  progress(): StateOperatorProgress {
    const m = this.store.metrics();
    return {
      operatorName: this.operatorName,
      numRowsTotal: m.numRowsTotal,
      numRowsUpdated: m.numRowsUpdated + this.transient.size,
      numRowsRemoved: this.removed + this.transient.size,
      numRowsDroppedByWatermark: this.late.dropped,
      memoryUsedBytes: m.memoryUsedBytes,
      numLateRowsRouted: this.late.routed,
      // Spark's StreamingDeduplicateExec and StreamingDeduplicateWithinWatermarkExec custom metric
      customMetrics: { numDroppedDuplicateRows: this.duplicates },
    };
  }

  commit(_batchId: number): void {
    this.store.commit();
  }

  snapshot(): StateSnapshot {
    const s = this.store.snapshot();
    return { operatorId: this.operatorId, version: s.version, entries: s.entries, meta: { columns: [...this.columns] } };
  }

  /** The changes of the last committed batch, for delta checkpoints (`[key, expiry]`). */
  stateChanges(): StateChanges {
    const d = this.store.lastDelta();
    return { updated: d.updated, removed: d.removed, meta: { columns: [...this.columns] } };
  }

  restore(snapshot: StateSnapshot): void {
    const meta = snapshot.meta as { columns?: string[] } | undefined;
    if (this.allColumns && meta?.columns) {
      this.columns = new Set(meta.columns);
      this.keys = new RowKeys([...this.columns].sort());
      this.evicts = this.computeEvicts();
    }
    const entries = (snapshot.entries as [unknown, number][]).map(([k, v]): [unknown, number] => [this.keys.reintern(k), v]);
    this.store.restore({ version: snapshot.version, entries });
    this.minExpiry = this.store.minExpiry();
  }
}

/**
 * `row` with its object key columns (a window `{ start, end }`, a Date) as text, so two equal
 * windows are one key as in Spark, where a window is a struct compared by value.
 */
function byValue(row: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const f of fields) {
    const v = row[f];
    if (typeof v !== 'object' || v === null) continue;
    out ??= { ...row };
    out[f] = v instanceof Date ? v.getTime() : JSON.stringify(v);
  }
  return out ?? row;
}
