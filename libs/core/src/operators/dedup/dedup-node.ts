/**
 * `dropDuplicates(...fields)` and `dropDuplicatesWithinWatermark(...fields)`: streaming
 * deduplication (Spark's StreamingDeduplicateExec / StreamingDeduplicateWithinWatermarkExec).
 */
import { hasAggregationBelow } from '../../plan/tree.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { chainedStatefulViolation } from '../../plan/global-watermark.js';
import { BaseNode } from '../../plan/base-node.js';
import type { CompileContext, NodeTraits, OutputModeViolation, PlanNode, ValidationContext } from '../../plan/node.js';
import { eventTimeField } from '../state/support/event-time.js';
import { DedupOperator, type DedupMode } from './dedup-operator.js';
import type { Clustering } from '../../plan/partitioning.js';

/** A row's columns and values in column order: equal rows give equal keys. */
function wholeRowKey(row: unknown): string {
  const r = row as Record<string, unknown>;
  return JSON.stringify(
    Object.keys(r)
      .sort()
      .map((k) => [k, r[k]]),
  );
}

export class DedupNode extends BaseNode {
  readonly kind = 'dedup';
  override readonly traits: NodeTraits = { stateful: true };
  readonly fields: readonly string[];
  readonly mode: DedupMode;

  constructor(child: PlanNode, fields: readonly string[], mode: DedupMode) {
    super([child]);
    this.fields = fields;
    this.mode = mode;
  }

  override describe(): string {
    const what = this.mode === 'withinWatermark' ? 'DeduplicateWithinWatermark' : 'Deduplicate';
    return `${what} [${this.fields.length ? this.fields.join(', ') : '*'}]`;
  }

  /**
   * Its columns. Without columns it deduplicates whole rows: equal rows are equal on every
   * column, so any partitioning by the rows' columns clusters them (the child's own partitioning
   * stands for "all columns" when the plan does not list them); unknown columns and partitioning
   * need a whole-row key.
   */
  override requiredChildClustering(): readonly (Clustering | undefined)[] {
    if (this.fields.length > 0) return [{ columns: this.fields }];
    const child = this.children[0]!;
    const all = child.outputColumns() ?? child.outputPartitioning?.();
    return [all ? { columns: all } : { keyOf: wholeRowKey }];
  }

  /** Rows pass through: the child's. */
  override outputPartitioning(): readonly string[] | undefined {
    return this.children[0]!.outputPartitioning?.();
  }

  override checkOutputMode(_ctx: ValidationContext): OutputModeViolation | undefined {
    if (hasAggregationBelow(this)) {
      const chained = chainedStatefulViolation('DEDUP_AFTER_AGGREGATION', this, _ctx.outputMode);
      if (chained) return chained;
    }
    if (this.mode === 'withinWatermark' && this.children[0]!.eventTimeColumns().size === 0) {
      return {
        code: 'DEDUP_NEEDS_WATERMARK',
        rule: 'dropDuplicatesWithinWatermark needs a watermark: its state lives for the watermark delay',
        fix: "add .withWatermark(<event-time column>, <delay>) before dropDuplicatesWithinWatermark, with <delay> how late a duplicate may arrive (e.g. '10 minutes'), or use dropDuplicates",
      };
    }
    return undefined;
  }

  compile(children: readonly PhysicalOperator[], ctx: CompileContext): PhysicalOperator {
    const childNode = this.children[0]!;
    const timeField = eventTimeField(childNode, undefined);
    const op = new DedupOperator({
      operatorId: ctx.nextOperatorId(),
      child: children[0]!,
      fields: this.fields,
      mode: this.mode,
      timeField,
      eventTime: timeField === undefined ? undefined : ctx.eventTimeColumn(childNode, timeField),
    });
    ctx.registerStateful(op);
    return op;
  }
}
