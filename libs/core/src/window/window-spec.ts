/**
 * Window specs: strategy objects (Beam's WindowFn) that `groupBy` accepts next to key columns.
 * `window()` (tumbling/sliding) is here; `sessionWindow()` lives in `operators/session` and sets
 * `isMerging` and `createAggregate` to supply its own physical operator.
 */
import type { AggregateSpec } from '../aggregates/aggregate.js';
import type { PhysicalOperator } from '../exec/operator.js';
import type { CompileContext, EventTimeColumn, PlanNode } from '../plan/node.js';

/** The window value in output rows: `[start, end)` in epoch ms. */
export interface Window {
  start: number;
  end: number;
}

/** Everything an aggregate node hands to a window spec that builds its own operator. */
export interface AggregateCompileArgs {
  child: PhysicalOperator;
  childNode: PlanNode;
  keys: readonly string[];
  aggs: readonly (readonly [string, AggregateSpec])[];
  eventTime: EventTimeColumn | undefined;
  ctx: CompileContext;
}

/** A window spec. `Name` is the output column (`window`, `session_window`). */
export interface WindowSpec<Name extends string = string> {
  readonly kind: string;
  /** The output column name. */
  readonly name: Name;
  /** The event-time field of the input rows. */
  readonly timeColumn: string;
  /** Merging windows (sessions) cannot be assigned per row independently. */
  readonly isMerging: boolean;
  /** For merging windows: builds the aggregation operator (the aggregate node delegates). */
  createAggregate?(args: AggregateCompileArgs): PhysicalOperator;
  describe(): string;
}

/**
 * Type guard: is this `groupBy` argument a window spec (rather than a key column name)?
 *
 * @example
 * isWindowSpec(window('ts', '1 minute')); // true
 * isWindowSpec('cardId');                 // false
 */
export function isWindowSpec(x: unknown): x is WindowSpec {
  return typeof x === 'object' && x !== null && typeof (x as WindowSpec).timeColumn === 'string' && typeof (x as WindowSpec).isMerging === 'boolean';
}
