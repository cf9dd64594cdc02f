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
