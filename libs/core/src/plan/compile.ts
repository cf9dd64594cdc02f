/**
 * Compiles a logical plan into physical operators for one query run (children first, so ids are
 * stable for a given plan), collecting sources, watermarks, late routes and stateful operators.
 */
import type { LateRoute } from '../exec/late.js';
import type { PhysicalOperator, StatefulOperator } from '../exec/operator.js';
import type { Source } from '../ports.js';
import type { CompileContext, EventTimeColumn, PlanNode, WatermarkRef } from './node.js';

export interface CompiledPlan {
  root: PhysicalOperator;
  /** Distinct sources, by index in `BatchContext.inputs`. */
  sources: Source<unknown>[];
  /** Watermark delays, by watermark id. */
  watermarkDelaysMs: number[];
  /** Idle timeouts (extension; `undefined`: never idle), by watermark id. */
  watermarkIdleTimeoutsMs: (number | undefined)[];
  /** Per-partition watermarks (extension): the source index and field, by watermark id. */
  watermarkPartitionInputs: ({ source: number; field: string } | undefined)[];
  lateRoutes: LateRoute[];
  stateful: StatefulOperator[];
}

/**
 * @example
 * const { root, sources } = compilePlan(stream.plan);
 */
export function compilePlan(plan: PlanNode): CompiledPlan {
  const sources: Source<unknown>[] = [];
  const watermarkDelaysMs: number[] = [];
  const watermarkIdleTimeoutsMs: (number | undefined)[] = [];
  const watermarkPartitionInputs: CompiledPlan['watermarkPartitionInputs'] = [];
  const lateRoutes: LateRoute[] = [];
  const stateful: StatefulOperator[] = [];
  const columns = new Map<WatermarkRef, EventTimeColumn>();
  let operatorIds = 0;

  const ctx: CompileContext = {
    sourceIndex(source) {
      const i = sources.indexOf(source);
      if (i >= 0) return i;
      sources.push(source);
      return sources.length - 1;
    },
    registerWatermark(ref, lateSink) {
      const existing = columns.get(ref);
      if (existing) return existing;
      let late: LateRoute | undefined;
      if (lateSink) late = ctx.sideOutput(lateSink);
      const col: EventTimeColumn = { watermarkId: watermarkDelaysMs.length, delayMs: ref.delayMs, late };
      watermarkDelaysMs.push(ref.delayMs);
      watermarkIdleTimeoutsMs.push(ref.idleTimeoutMs);
      watermarkPartitionInputs.push(ref.perPartitionSource ? { source: ctx.sourceIndex(ref.perPartitionSource), field: ref.field } : undefined);
      columns.set(ref, col);
      return col;
    },
    sideOutput(sink) {
      const route: LateRoute = { id: lateRoutes.length, sink };
      lateRoutes.push(route);
      return route;
    },
    nextOperatorId: () => operatorIds++,
    registerStateful(op) {
      stateful.push(op);
    },
    eventTimeColumn(node, field) {
      const ref = node.eventTimeColumns().get(field);
      return ref ? columns.get(ref) : undefined;
    },
  };

  // A node shared by two branches is compiled once per branch (like Spark's plan copies); its
  // Source is still read once per batch (sourceIndex) and its watermark registered once.
  // Each node is told which of its columns its parent reads (`readColumns`), per branch.
  const build = (node: PlanNode, read?: readonly string[]): PhysicalOperator => {
    const childReads = node.requiredChildColumns?.();
    const children = node.children.map((c, i) => build(c, childReads?.[i]));
    return node.compile(children, read === undefined ? ctx : { ...ctx, readColumns: read });
  };
  const root = build(plan);
  return { root, sources, watermarkDelaysMs, watermarkIdleTimeoutsMs, watermarkPartitionInputs, lateRoutes, stateful };
}
