/** `groupBy(...).agg({...})`: a streaming aggregation, optionally over an event-time window. */
import type { AggregateSpec } from '../../aggregates/aggregate.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import { BaseNode } from '../../plan/base-node.js';
import type { CompileContext, NodeTraits, OutputModeViolation, PlanNode, ValidationContext, WatermarkRef } from '../../plan/node.js';
import type { TimeWindowSpec } from '../../window/window.js';
import type { WindowSpec } from '../../window/window-spec.js';
import { chainedStatefulViolation, outputWatermarkShiftMs } from '../../plan/global-watermark.js';
import { AggregateOperator } from './aggregate-operator.js';
import { partitioningSatisfies, type Clustering } from '../../plan/partitioning.js';

export class AggregateNode extends BaseNode {
  readonly kind = 'aggregate';
  override readonly traits: NodeTraits = { aggregation: true, stateful: true };
  readonly keys: readonly string[];
  readonly window: WindowSpec | undefined;
  readonly aggs: readonly (readonly [string, AggregateSpec])[];

  constructor(child: PlanNode, keys: readonly string[], window: WindowSpec | undefined, aggs: readonly (readonly [string, AggregateSpec])[]) {
    super([child]);
    this.keys = keys;
    this.window = window;
    this.aggs = aggs;
  }

  /** The output field names that identify a group (window name first). */
  get keyFields(): readonly string[] {
    return this.window ? [this.window.name, ...this.keys] : this.keys;
  }

  override describe(): string {
    const groups = [...(this.window ? [this.window.describe()] : []), ...this.keys].join(', ');
    return `Aggregate [${groups}] [${this.aggs.map(([n, a]) => `${a.name} AS ${n}`).join(', ')}]`;
  }

  /** The watermarked column this aggregation evicts on: the window's time column, or a key column. */
  eventTimeRef(): { column: string; ref: WatermarkRef } | undefined {
    const cols = this.children[0]!.eventTimeColumns();
    if (this.window) {
      const ref = cols.get(this.window.timeColumn);
      return ref ? { column: this.window.timeColumn, ref } : undefined;
    }
    for (const k of this.keys) {
      const ref = cols.get(k);
      if (ref) return { column: k, ref };
    }
    return undefined;
  }

  override eventTimeColumns(): ReadonlyMap<string, WatermarkRef> {
    const et = this.eventTimeRef();
    const out = new Map<string, WatermarkRef>();
    if (et) out.set(this.window ? this.window.name : et.column, et.ref);
    return out;
  }

  override checkOutputMode(ctx: ValidationContext): OutputModeViolation | undefined {
    // Spark 3.4+: chained stateful operators run in append mode; elsewhere the global watermark makes them wrong.
    const chained = chainedStatefulViolation('CHAINED_AGGREGATION', this, ctx.outputMode);
    if (chained) return chained;
    if (ctx.outputMode === 'append' && !this.eventTimeRef()) {
      const col = this.window ? this.window.timeColumn : 'ts';
      return {
        code: 'APPEND_NEEDS_WATERMARK',
        rule: "append output mode needs a watermark on the aggregation's event-time key (a window's time column or a grouping column)",
        fix: `add .withWatermark('${col}', <delay>) before groupBy, with <delay> how late a row may arrive and still count (e.g. '10 minutes'), or use outputMode('update') or 'complete'`,
      };
    }
    return undefined;
  }

  /**
   * The group columns other than the window (a session window's too): one group's rows must meet
   * in one partition. A window-only or global aggregation needs every row in one (`[]`).
   */
  override requiredChildClustering(): readonly (Clustering | undefined)[] {
    return [{ columns: this.keys }];
  }

  /** Its child's partitioning when that clusters the groups (each group's rows, and so its output row, are in this partition). */
  override outputPartitioning(): readonly string[] | undefined {
    const p = this.children[0]!.outputPartitioning?.();
    return partitioningSatisfies(p, { columns: this.keys }) ? p : undefined;
  }

  override outputColumns(): readonly string[] {
    return [...this.keyFields, ...this.aggs.map(([n]) => n)];
  }

  compile(children: readonly PhysicalOperator[], ctx: CompileContext): PhysicalOperator {
    const child = children[0]!;
    const et = this.eventTimeRef();
    const eventTime = et ? ctx.eventTimeColumn(this.children[0]!, et.column) : undefined;
    if (this.window?.createAggregate) {
      return this.window.createAggregate({ child, childNode: this.children[0]!, keys: this.keys, aggs: this.aggs, eventTime, ctx });
    }
    const op = new AggregateOperator({
      operatorId: ctx.nextOperatorId(),
      child,
      keys: this.keys,
      window: this.window as TimeWindowSpec | undefined,
      timeKey: !this.window && et ? et.column : undefined,
      aggs: this.aggs,
      eventTime,
      watermarkShiftMs: outputWatermarkShiftMs(this.children[0]!),
    });
    ctx.registerStateful(op);
    return op;
  }
}
