/**
 * Reads the event time of every row (epoch ms, Date or ISO string), routes rows without a valid
 * one to the error output, and reports min/max/avg to the watermark tracker once per batch.
 * Rows pass through unchanged: lateness is decided by the stateful operators downstream.
 */
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { eventTimeProblem, toEpochMs } from '../../time/event-time.js';

export class WatermarkOperator implements PhysicalOperator {
  readonly name: string;
  private readonly child: PhysicalOperator;
  private readonly field: string;
  private readonly watermarkId: number;

  constructor(child: PhysicalOperator, field: string, watermarkId: number) {
    this.child = child;
    this.field = field;
    this.watermarkId = watermarkId;
    this.name = `withWatermark(${field})`;
  }

  execute(ctx: BatchContext): unknown[] {
    const input = this.child.execute(ctx) as Record<string, unknown>[];
    const field = this.field;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let count = 0;
    let out: Record<string, unknown>[] | undefined;
    for (let i = 0; i < input.length; i++) {
      const row = input[i]!;
      if (typeof row !== 'object' || row === null) {
        ctx.reportInvalid(row, `row is not an object: ${String(row)}`, this.name);
        if (out === undefined) out = input.slice(0, i);
        continue;
      }
      const v = row[field];
      const t = typeof v === 'number' && Number.isFinite(v) ? v : toEpochMs(v);
      if (t !== t) {
        ctx.reportInvalid(row, eventTimeProblem(field, v), this.name);
        if (out === undefined) out = input.slice(0, i);
        continue;
      }
      if (t < min) min = t;
      if (t > max) max = t;
      sum += t;
      count += 1;
      if (out !== undefined) out.push(row);
    }
    if (count > 0) ctx.observeEventTime(this.watermarkId, min, max, sum, count);
    return out ?? input;
  }
}
