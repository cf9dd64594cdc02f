/**
 * The mutable side of one batch: the `BatchContext` operators see, plus what they reported
 * (invalid rows, event-time stats, late records, retractions), collected for the runner.
 */
import type { Logger, OutputMode } from '../ports.js';
import type { EventTimeStats } from '../watermark/tracker.js';
import type { BatchContext, InvalidRecord } from './batch-context.js';
import type { LateRecord, LateRoute } from './late.js';

export interface BatchRunInit {
  batchId: number;
  watermarkMs: number;
  /** The previous batch's watermark (0 before the first batch): late rows are judged by it. Default `watermarkMs` (an operator run alone). */
  lateWatermarkMs?: number;
  inputWatermarksMs: readonly number[];
  batchTimestampMs: number;
  outputMode: OutputMode;
  isNoDataBatch: boolean;
  inputs: readonly (readonly unknown[])[];
  logger: Logger;
  watermarkCount: number;
}

export class BatchRun implements BatchContext {
  readonly batchId: number;
  readonly watermarkMs: number;
  readonly lateWatermarkMs: number;
  readonly inputWatermarksMs: readonly number[];
  readonly batchTimestampMs: number;
  readonly outputMode: OutputMode;
  readonly isNoDataBatch: boolean;
  readonly inputs: readonly (readonly unknown[])[];
  readonly logger: Logger;
  readonly invalid: InvalidRecord[] = [];
  readonly stats: (EventTimeStats | undefined)[];
  readonly late = new Map<LateRoute, LateRecord[]>();
  readonly removed: unknown[] = [];

  constructor(init: BatchRunInit) {
    this.batchId = init.batchId;
    this.watermarkMs = init.watermarkMs;
    this.lateWatermarkMs = Math.min(init.lateWatermarkMs ?? init.watermarkMs, init.watermarkMs);
    this.inputWatermarksMs = init.inputWatermarksMs;
    this.batchTimestampMs = init.batchTimestampMs;
    this.outputMode = init.outputMode;
    this.isNoDataBatch = init.isNoDataBatch;
    this.inputs = init.inputs;
    this.logger = init.logger;
    this.stats = new Array<EventTimeStats | undefined>(init.watermarkCount).fill(undefined);
  }

  reportInvalid(row: unknown, reason: string, operator: string): void {
    this.invalid.push({ row, reason, operator, batchId: this.batchId });
  }

  observeEventTime(watermarkId: number, minMs: number, maxMs: number, sumMs: number, count: number): void {
    const s = this.stats[watermarkId];
    if (s === undefined) this.stats[watermarkId] = { minMs, maxMs, sumMs, count };
    else {
      s.minMs = Math.min(s.minMs, minMs);
      s.maxMs = Math.max(s.maxMs, maxMs);
      s.sumMs += sumMs;
      s.count += count;
    }
  }

  routeLate(route: LateRoute, record: LateRecord): void {
    let list = this.late.get(route);
    if (!list) this.late.set(route, (list = []));
    list.push(record);
  }

  retract(row: unknown): void {
    this.removed.push(row);
  }

  /** Event-time stats over all inputs, for `progress.eventTime`. */
  eventTimeSummary(): EventTimeStats | undefined {
    let out: EventTimeStats | undefined;
    for (const s of this.stats) {
      if (!s) continue;
      if (!out) out = { ...s };
      else {
        out.minMs = Math.min(out.minMs, s.minMs);
        out.maxMs = Math.max(out.maxMs, s.maxMs);
        out.sumMs += s.sumMs;
        out.count += s.count;
      }
    }
    return out;
  }
}
