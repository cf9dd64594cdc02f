/** `groupByKey(fn).pattern(p, options)`: keyed event-sequence matching (see pattern.ts). */
import { StreamlabError } from '../../errors.js';
import type { LateRecord, LateRoute } from '../../exec/late.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { CompileContext, NodeTraits, OutputModeViolation, PlanNode, ValidationContext, WatermarkRef } from '../../plan/node.js';
import { eventTimeField } from '../state/support/event-time.js';
import type { Sink } from '../../ports.js';
import type { Pattern, PatternTimeout } from './pattern.js';
import { PatternOperator } from './pattern-operator.js';
import { keyClustering } from '../state/support/key-clustering.js';
import type { Clustering } from '../../plan/partitioning.js';

export interface PatternOptions<K = unknown, T = unknown, N extends string = string> {
  /**
   * Also emit partial matches that expired (`within`) in the main output, as rows with
   * `timedOut: true`. Default false (expired partial matches are dropped). Not with `timedOut`.
   */
  emitTimeouts?: boolean;
  /**
   * Side output for partial matches that expired (`within`): each goes to this sink, in the
   * batch whose watermark expired it, with the events matched so far, the stage it was waiting on
   * and the watermark. The main output then has matches only. Not with `emitTimeouts`.
   */
  timedOut?: Sink<PatternTimeout<K, T, N>>;
  /** The event-time column (default: the only watermarked column). */
  timeField?: string;
}

export class PatternNode extends BaseNode {
  readonly kind = 'pattern';
  override readonly traits: NodeTraits = { stateful: true };
  readonly keyFn: (row: unknown) => unknown;
  readonly pattern: Pattern<unknown, string>;
  readonly options: PatternOptions;
  /** Set when the key is a column (`groupByKey('cardId')`). */
  readonly keyColumns: readonly string[] | undefined;

  constructor(child: PlanNode, keyFn: (row: unknown) => unknown, p: Pattern<unknown, string>, options: PatternOptions, keyColumns?: readonly string[]) {
    super([child]);
    this.keyFn = keyFn;
    this.keyColumns = keyColumns;
    this.pattern = p;
    this.options = options;
    const side = options.timedOut as unknown;
    if (side !== undefined && (typeof side !== 'object' || side === null || typeof (side as Sink<unknown>).addBatch !== 'function')) {
      throw new StreamlabError('BAD_PATTERN_OPTION', 'pattern option "timedOut" must be a sink (an object with addBatch(rows, info))', {
        value: side,
        hint: "e.g. { timedOut: { description: 'expired', addBatch: (rows) => ... } }",
      });
    }
    if (side !== undefined && options.emitTimeouts === true) {
      throw new StreamlabError('BAD_PATTERN_OPTION', 'pattern options "emitTimeouts" and "timedOut" exclude each other', {
        value: { emitTimeouts: true, timedOut: options.timedOut?.description },
        hint: 'emit expired partial matches either in the main output (emitTimeouts: true) or to a side sink (timedOut: sink)',
      });
    }
  }

  override describe(): string {
    return `Pattern [${this.pattern.describe()}]`;
  }

  override eventTimeColumns(): ReadonlyMap<string, WatermarkRef> {
    return new Map();
  }

  /** A key column, or the key function (which always repartitions). Output partitioning: unknown (match rows). */
  override requiredChildClustering(): readonly (Clustering | undefined)[] {
    return [keyClustering(this.keyColumns, this.keyFn)];
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
    // Records of this route are written after the main sink, with the same batch info (see BatchContext.routeLate).
    const timedOut: LateRoute | undefined = this.options.timedOut ? ctx.sideOutput(this.options.timedOut as unknown as Sink<LateRecord>) : undefined;
    const op = new PatternOperator({
      operatorId: ctx.nextOperatorId(),
      child: children[0]!,
      keyFn: this.keyFn,
      pattern: this.pattern,
      emitTimeouts: this.options.emitTimeouts === true,
      timedOut,
      timeField,
      eventTime: ctx.eventTimeColumn(childNode, timeField),
    });
    ctx.registerStateful(op);
    return op;
  }
}
