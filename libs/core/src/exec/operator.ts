/**
 * The physical operator contract: what the micro-batch runner executes once per batch.
 *
 * Operators are pull-based at batch granularity: `execute(ctx)` asks its children for their
 * rows of this batch (one array each), processes them in a plain loop and returns one array.
 * There is exactly one call per operator per batch, so there is no per-event `await`, closure or
 * iterator anywhere in the pipeline.
 */
import type { StateOperatorProgress } from '../progress.js';
import type { BatchContext } from './batch-context.js';

/** A physical operator of one running query. One instance per query run; it owns its state. */
export interface PhysicalOperator<Out = unknown> {
  /** Shown in errors and in `stateOperators[].operatorName` for stateful operators. */
  readonly name: string;
  /** Runs this operator for one batch: pulls its children once and returns its output rows. */
  execute(ctx: BatchContext): Out[];
}

/**
 * Implemented (in addition to {@link PhysicalOperator}) by every operator that keeps state across
 * batches: aggregations, session windows, dedup, (flat)MapGroupsWithState, stream-stream joins.
 * The runner finds them through {@link CompileContext.registerStateful}.
 */
export interface StatefulOperator {
  /** Stable index of the operator in the plan (`state/<operatorId>/` in a checkpoint). */
  readonly operatorId: number;
  /** Spark-style name, e.g. `stateStoreSave`, `dedupe`, `symmetricHashJoin`, `sessionWindowStateStoreSave`. */
  readonly operatorName: string;
  /** Metrics of the batch that just ran (Spark's StateOperatorProgress). */
  progress(): StateOperatorProgress;
  /**
   * Whether a no-data batch is needed if the next batch runs with watermark `nextWatermarkMs`
   * (Spark's `shouldRunAnotherBatch`): true when some state waits on that watermark
   * (a window to emit or evict, a timeout to fire).
   */
  needsNoDataBatch(nextWatermarkMs: number, nextBatchTimestampMs: number): boolean;
  /**
   * Optional: Spark's `shouldRunAnotherBatch` rule for this operator, which does not look at the
   * state: true when a watermark that moved after a data batch calls for a no-data batch whatever
   * is stored (aggregations and sessions in append/update mode, dedup always, joins that clean
   * state by the watermark, event-time timeouts). The batch then shows the new watermark in its
   * progress, as Spark's does.
   */
  runsNoDataBatchOnWatermark?(): boolean;
  /**
   * Optional: whether a no-data batch is needed at processing time `nowMs` although the watermark
   * did not move (processing-time timeouts of (flat)MapGroupsWithState).
   */
  needsNoDataBatchOnTime?(nowMs: number): boolean;
  /**
   * The batch ran and its output was accepted by the sink: the operator's state becomes
   * version `batchId + 1` (what a checkpoint persists).
   */
  commit(batchId: number): void;
  /** The operator's state as a JSON-friendly snapshot (full), for checkpoints. */
  snapshot(): StateSnapshot;
  /**
   * Replaces the operator's state with a snapshot taken by `snapshot()` of the same operator
   * (or applied from deltas by the checkpoint layer). An empty `entries` means empty state.
   */
  restore(snapshot: StateSnapshot): void;
  /**
   * Optional: the changes of the version just committed, so checkpoints write a delta instead of
   * a full snapshot. With it, `snapshot().entries` must be `[key, value]` pairs with the same keys.
   */
  stateChanges?(): StateChanges;
}

/** What one committed batch changed in an operator's state (keys as in `snapshot()` entries). */
export interface StateChanges {
  updated: readonly (readonly [unknown, unknown])[];
  removed: readonly unknown[];
  meta?: unknown;
  /**
   * True when the arrays, keys and values given here were built for this call and nothing mutates
   * them afterwards. A checkpoint kept in memory (`memory:<name>`) then holds them as they are and
   * writes their text only if a restart reads it; otherwise the checkpoint encodes them at once
   * (which copies). Leave it unset when a value may be a live state object.
   */
  detached?: boolean;
}

/** A full snapshot of one operator's state at a version (what `state/<id>/<version>.snapshot` holds). */
export interface StateSnapshot {
  operatorId: number;
  /** The version (`batchId + 1` of the last committed batch). */
  version: number;
  /** Opaque, JSON-serialisable entries; each operator defines the shape of its own. */
  entries: unknown[];
  /** Operator-level values that are not per key (e.g. the last watermark an aggregation emitted at). */
  meta?: unknown;
  /**
   * True when the entries, their keys and values were built for this call and nothing mutates
   * them afterwards. A checkpoint kept in memory (`memory:<name>`) then holds them as they are and
   * writes their text only if a restart reads it; otherwise the checkpoint encodes them at once
   * (which copies). Leave it unset when a value may be a live state object.
   */
  detached?: boolean;
}

/**
 * Runtime type guard for {@link StatefulOperator}.
 *
 * @example
 * if (isStateful(op)) ctx.registerStateful(op);
 */
export function isStateful(op: unknown): op is StatefulOperator {
  return (
    typeof op === 'object' &&
    op !== null &&
    typeof (op as StatefulOperator).commit === 'function' &&
    typeof (op as StatefulOperator).needsNoDataBatch === 'function'
  );
}
