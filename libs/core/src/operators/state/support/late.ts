/**
 * Late-row accounting shared by the issue-4 operators: a row a stateful operator drops because
 * the watermark has passed it is counted (`numRowsDroppedByWatermark`) and, when its
 * `withWatermark` declared `{ late: sink }`, routed there with the operator name and how late it was.
 */
import type { BatchContext } from '../../../exec/batch-context.js';
import type { EventTimeColumn } from '../../../plan/node.js';

export class LateRows {
  /** Rows dropped as late in the batch in progress. */
  dropped = 0;
  /** Of those, rows routed to the late side output. */
  routed = 0;
  private readonly operator: string;

  constructor(operator: string) {
    this.operator = operator;
  }

  /** Resets the per-batch counters (call at the start of `execute`). */
  reset(): void {
    this.dropped = 0;
    this.routed = 0;
  }

  /**
   * Drops `row` (event time `eventTimeMs`) as late against `watermarkMs`; `deadlineMs` is what
   * the watermark passed (the event time, or a session's end), so `lateByMs = watermark - deadline`.
   *
   * @example
   * if (t <= ctx.watermarkMs) { late.drop(ctx, column, row, t, ctx.watermarkMs, t); continue; }
   */
  drop(ctx: BatchContext, column: EventTimeColumn | undefined, row: unknown, eventTimeMs: number, watermarkMs: number, deadlineMs: number): void {
    this.dropped += 1;
    const route = column?.late;
    if (route === undefined) return;
    this.routed += 1;
    ctx.routeLate(route, { row, eventTimeMs, watermarkMs, lateByMs: watermarkMs - deadlineMs, operator: this.operator });
  }
}
