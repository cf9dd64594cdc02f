/** `groupByKey(fn).pattern(p, options)`: keyed event-sequence matching (see pattern.ts). */
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { CompileContext, NodeTraits, OutputModeViolation, PlanNode, ValidationContext, WatermarkRef } from '../../plan/node.js';
import { eventTimeField } from '../state/support/event-time.js';
import type { Pattern } from './pattern.js';
import { PatternOperator } from './pattern-operator.js';

export interface PatternOptions {
  /** Also emit partial matches that expired (`within`) as rows with `timedOut: true`. Default false. */
  emitTimeouts?: boolean;
  /** The event-time column (default: the only watermarked column). */
  timeField?: string;
}

export class PatternNode extends BaseNode {
  readonly kind = 'pattern';
  override readonly traits: NodeTraits = { stateful: true };
  readonly keyFn: (row: unknown) => unknown;
  readonly pattern: Pattern<unknown, string>;
  readonly options: PatternOptions;

  constructor(child: PlanNode, keyFn: (row: unknown) => unknown, p: Pattern<unknown, string>, options: PatternOptions) {
    super([child]);
    this.keyFn = keyFn;
    this.pattern = p;
    this.options = options;
  }

  override describe(): string {
    return `Pattern [${this.pattern.describe()}]`;
  }

  override eventTimeColumns(): ReadonlyMap<string, WatermarkRef> {
    return new Map();
  }

  override checkOutputMode(_ctx: ValidationContext): OutputModeViolation | undefined {
    if (this.pattern.stages.length === 0) {
      return { code: 'BAD_PATTERN', rule: 'a pattern needs at least one stage', fix: "start it with pattern<T>().begin('name', predicate)" };
    }
    if (eventTimeField(this.children[0]!, this.options.timeField) === undefined) {
      return {
        code: 'PATTERN_NEEDS_WATERMARK',
        rule: 'pattern matching needs a watermark: events are matched in event-time order once the watermark passes them',
        fix: `add .withWatermark('${this.options.timeField ?? 'ts'}', '1 minute') before groupByKey`,
      };
    }
    return undefined;
  }

  compile(children: readonly PhysicalOperator[], ctx: CompileContext): PhysicalOperator {
    const childNode = this.children[0]!;
    const timeField = eventTimeField(childNode, this.options.timeField)!;
    const op = new PatternOperator({
      operatorId: ctx.nextOperatorId(),
      child: children[0]!,
      keyFn: this.keyFn,
      pattern: this.pattern,
      emitTimeouts: this.options.emitTimeouts === true,
      timeField,
      eventTime: ctx.eventTimeColumn(childNode, timeField),
    });
    ctx.registerStateful(op);
    return op;
  }
}
