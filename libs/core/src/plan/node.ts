/**
 * The logical plan: an immutable tree of plain nodes built by `Stream<T>`. A node knows how to
 * (1) describe itself to output-mode validation and (2) compile itself into a physical operator.
 * The runner never switches on node kinds, so a new operator is a new folder under
 * `src/operators/<name>/` with its node and operator; nothing central changes but one method on
 * `Stream` (see ARCHITECTURE.md, "Adding an operator").
 */
import type { OutputMode, Source } from '../ports.js';
import type { LateRoute } from '../exec/late.js';
import type { PhysicalOperator, StatefulOperator } from '../exec/operator.js';
import type { Clustering } from './partitioning.js';

/** Facts a node declares for output-mode validation (Spark's UnsupportedOperationChecker). */
export interface NodeTraits {
  /** A streaming aggregation (groupBy().agg(), session windows): enables complete mode. */
  aggregation?: boolean;
  /** Keeps state across batches (compiled operator implements StatefulOperator). */
  stateful?: boolean;
}

/** What validation tells each node about the plan around it. */
export interface ValidationContext {
  readonly outputMode: OutputMode;
  /** Number of aggregation nodes strictly above this node (between it and the sink). */
  readonly aggregationsAbove: number;
}

/** A rule a node found broken: named, with how to fix it (becomes a StreamlabError at start()). */
export interface OutputModeViolation {
  /** Stable error code, e.g. `APPEND_NEEDS_WATERMARK`. */
  code: string;
  /** The rule, e.g. "append output mode needs a watermark on the aggregation's event-time key". */
  rule: string;
  /** How to fix it, e.g. "add .withWatermark('ts', '10 minutes') before groupBy". */
  fix: string;
}

/** An event-time column as seen at some point of the plan: which watermark tracks it. */
export interface EventTimeColumn {
  /** Index of the `withWatermark` node (its slot in `BatchContext.inputWatermarksMs`). */
  watermarkId: number;
  delayMs: number;
  /** The side output for late rows, if the `withWatermark` asked for one. */
  late: LateRoute | undefined;
}

/** Handed to `compile`: allocation of ids and registration with the runner. */
export interface CompileContext {
  /** Index of a source in `BatchContext.inputs` (the same Source object gets the same index). */
  sourceIndex(source: Source<unknown>): number;
  /** Allocates the id of a `withWatermark` node (`ref`) and its late route (if `lateSink` is given). */
  registerWatermark(ref: WatermarkRef, lateSink: LateRoute['sink'] | undefined): EventTimeColumn;
  /**
   * Registers a side output (e.g. a pattern's expired partial matches): the query opens and closes
   * its sink with the others, and records routed to it are written after the main sink.
   */
  sideOutput(sink: LateRoute['sink']): LateRoute;
  /** Allocates the next stateful operator id (stable: plan order, depth first, children first). */
  nextOperatorId(): number;
  /** Registers a compiled stateful operator so the runner commits it and reads its progress. */
  registerStateful(op: StatefulOperator): void;
  /**
   * The watermark that tracks column `field` at the output of `node`, if any: found by walking
   * down through nodes that keep the column (see `PlanNode.eventTimeColumns`).
   */
  eventTimeColumn(node: PlanNode, field: string): EventTimeColumn | undefined;
  /**
   * The only columns of this node's output that its parent reads (its `requiredChildColumns`), or
   * `undefined` when the parent may read any. A node that keeps rows in state may keep just these
   * (and what it needs itself).
   */
  readonly readColumns?: readonly string[];
}

/** One node of the logical plan. Nodes are immutable and may be shared by several plans. */
export interface PlanNode {
  /** Short kind name, e.g. `source`, `filter`, `watermark`, `aggregate`, `union`, `dedup`. */
  readonly kind: string;
  readonly children: readonly PlanNode[];
  readonly traits: NodeTraits;
  /**
   * A one-line description for errors and `explain()`, e.g. `Aggregate [window(ts), word]`.
   * `explain()` passes the columns its parent reads (`requiredChildColumns`), if it says.
   */
  describe(readColumns?: readonly string[]): string;
  /**
   * Columns at this node's output that carry an event-time watermark, mapped to the
   * `withWatermark` node (by object identity) that defines it. Default for row-preserving nodes:
   * the union of the children's.
   */
  eventTimeColumns(): ReadonlyMap<string, WatermarkRef>;
  /** The output column names when the plan knows them (select, aggregations), else `undefined`. */
  outputColumns(): readonly string[] | undefined;
  /** Checks this node's output-mode rule; `undefined` when allowed. */
  checkOutputMode(ctx: ValidationContext): OutputModeViolation | undefined;
  /** Builds this node's physical operator over its children's already-compiled operators. */
  compile(children: readonly PhysicalOperator[], ctx: CompileContext): PhysicalOperator;
  /**
   * Optional (Spark's column pruning): per child, the only columns of its output rows this node
   * reads (`undefined`: any, the default). A child may then keep less: a stream-stream join under
   * `select` buffers only the selected columns, its keys and its event times (see
   * `CompileContext.readColumns`).
   *
   * @example
   * orders.join(payments, 'orderId').select('orderId', 'paymentId').plan.requiredChildColumns?.(); // [['orderId', 'paymentId']]
   */
  requiredChildColumns?(): readonly (readonly string[] | undefined)[];
  /**
   * Optional (Spark's `requiredChildDistribution`): per child, what its rows must be clustered by
   * so that one key's rows meet in one partition (`undefined`: nothing). Keyed operators declare
   * it (aggregations, dedup, group state, patterns, stream-stream joins); a runner that splits the
   * query over partitions repartitions a child whose `outputPartitioning` does not satisfy it.
   * Children that all require column clusterings must also be co-partitioned (a join's sides).
   * `BaseNode`'s default: nothing.
   *
   * @example
   * tx.groupBy(window('ts', '1 minute'), 'cardId').agg({ n: count() }).plan.requiredChildClustering?.(); // [{ columns: ['cardId'] }]
   */
  requiredChildClustering?(): readonly (Clustering | undefined)[];
  /**
   * Optional (Spark's `outputPartitioning`): the columns this node's output rows are
   * hash-partitioned by within one partition of the query (`undefined`: unknown). Sources say what
   * they declare; row-preserving nodes pass their child's on. `BaseNode`'s default: unknown.
   *
   * @example
   * Stream.fromSource(task.kafkaSource({ topic: 'tx', decode, partitionedBy: 'cardId' })).filter(f).plan.outputPartitioning?.(); // ['cardId']
   */
  outputPartitioning?(): readonly string[] | undefined;
  /**
   * Optional: this node over other children (nodes are immutable: a copy). `BaseNode`'s default
   * copies every field and replaces `children`; a node with fields derived from its children
   * overrides it. A plan rewrite (the automatic repartition) uses it to rebuild the path above a
   * replaced child.
   *
   * @example
   * const copy = aggregateNode.withChildren?.([repartitioned.plan]); // the same aggregation over another input
   */
  withChildren?(children: readonly PlanNode[]): PlanNode;
}

/** Identifies a `withWatermark` node in the plan (its delay and late sink), for compile lookups. */
export interface WatermarkRef {
  readonly field: string;
  readonly delayMs: number;
  /** Extension (`withWatermark(..., { idleTimeout })`): silence after which the input counts as idle. */
  readonly idleTimeoutMs?: number | undefined;
  /** Extension (`withWatermark(..., { perPartition: true })`): the source whose partitions it tracks. */
  readonly perPartitionSource?: Source<unknown> | undefined;
  /** Extension (`withWatermark(..., { late })`): where rows dropped as late go. */
  readonly lateSink?: LateRoute['sink'] | undefined;
}

/**
 * Optional facts about a plan's output that the sink is told in `BatchInfo` (e.g. `keyFields` of
 * an aggregation, so keyed sinks can upsert). Implemented by the root node when relevant.
 */
export interface OutputShape {
  readonly keyFields?: readonly string[];
}
