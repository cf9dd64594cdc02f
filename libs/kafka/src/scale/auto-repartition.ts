/**
 * The automatic repartition of a scale-out query (Spark's EnsureRequirements, with a Kafka
 * repartition topic as the Exchange, as Kafka Streams inserts one before a `groupBy` on a new key).
 * A task runs its query over one input partition, so a keyed operator (aggregation, session
 * window, dedup, group state, pattern, stream-stream join) is right only when every row of a key
 * is in that partition. For each node whose `requiredChildClustering` a child's
 * `outputPartitioning` does not satisfy, the child is replaced by a repartition stage
 * (`task.repartition`'s code path): the child's plan runs as a stage of its own and writes its rows
 * keyed by the required columns to `<applicationId>-<operator>-<n>-repartition`; the operator reads
 * them back from the task's partition of that topic, with the child's watermarks declared again.
 */
import { keyPositions, partitioningSatisfies, Stream, StreamlabError, type Clustering, type PlanNode, type WatermarkOptions } from '@streamlab/core';
import { columnsKey, functionKey } from './partition-key.js';
import type { TaskContextInternal } from './task-context.js';

/** Stage names by node kind: `<name>-<n>`, with `-left`/`-right` for a join's sides. */
const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  aggregate: 'aggregate',
  dedup: 'dedup',
  streamStreamJoin: 'join',
  flatMapGroupsWithState: 'group-state',
  pattern: 'pattern',
};

/** How one child is repartitioned: by columns (`[]`: all rows to one partition) or by a key function. */
type Exchange = { columns: readonly string[] } | { keyOf: (row: unknown) => unknown };

/**
 * Rewrites plans of one task's definition. Walk order is deterministic (children first, left to
 * right, as operator ids are given; a node shared by several parents is rewritten once), so every
 * task and every instance names the same stages the same way.
 *
 * @example
 * const planner = new AutoRepartition(ctx);
 * const plan = planner.rewrite(definition(ctx).plan); // ctx.stages now holds the inserted stages
 */
export class AutoRepartition {
  private readonly done = new Map<PlanNode, PlanNode>();
  private next = 0;

  constructor(private readonly ctx: TaskContextInternal) {}

  rewrite(node: PlanNode): PlanNode {
    const hit = this.done.get(node);
    if (hit) return hit;
    const children = node.children.map((c) => this.rewrite(c));
    const required = node.requiredChildClustering?.() ?? [];
    const out = required.some((r) => r !== undefined) ? this.ensure(node, children, required) : children;
    let result = node;
    if (out.some((c, i) => c !== node.children[i])) {
      if (!node.withChildren) {
        throw new StreamlabError('SCALE_REPARTITION_UNSUPPORTED', `plan node ${node.describe()} cannot be rebuilt over a repartition below it`, {
          value: node.kind,
          hint: "give the node withChildren (extend BaseNode), or use scaleOut's repartition: 'manual' and task.repartition(...)",
        });
      }
      result = node.withChildren(out);
    }
    this.done.set(node, result);
    return result;
  }

  /** The node's children with a repartition in front of each one whose partitioning does not satisfy what the node requires. */
  private ensure(node: PlanNode, children: readonly PlanNode[], required: readonly (Clustering | undefined)[]): PlanNode[] {
    const name = `${OPERATOR_NAMES[node.kind] ?? node.kind.replace(/[^a-zA-Z0-9._-]/g, '-')}-${this.next++}`;
    const needs = exchanges(children, required);
    const keyed = required.filter((r) => r !== undefined).length;
    return children.map((child, i) => {
      const ex = needs[i];
      if (ex === undefined) return child;
      const stage = keyed === 1 ? name : required.length === 2 ? `${name}-${i === 0 ? 'left' : 'right'}` : `${name}-${i}`;
      return this.exchange(child, stage, ex);
    });
  }

  private exchange(child: PlanNode, name: string, ex: Exchange): PlanNode {
    const columns = 'columns' in ex ? ex.columns : undefined;
    let read = this.ctx.exchange(new Stream(child), {
      name,
      key: columns ? columnsKey(columns) : functionKey((ex as { keyOf: (row: unknown) => unknown }).keyOf),
      keyColumns: columns,
      automatic: true,
    }) as Stream<Record<string, unknown>>;
    // The rows come back as JSON without their event-time metadata: declare the child's
    // watermarks again (same column, delay, idle timeout and late sink), or an append-mode
    // aggregation above would have none. A column whose watermark is another column's (an
    // aggregation's window) is not re-declared.
    for (const [column, ref] of child.eventTimeColumns()) {
      if (ref.field !== column) continue;
      const options: WatermarkOptions<Record<string, unknown>> = {};
      if (ref.lateSink) options.late = ref.lateSink as WatermarkOptions<Record<string, unknown>>['late'];
      if (ref.idleTimeoutMs !== undefined) options.idleTimeout = ref.idleTimeoutMs;
      read = read.withWatermark(column, ref.delayMs, options);
    }
    return read.plan;
  }
}

/**
 * Per child, the repartition it needs (`undefined`: none). One keyed child: repartition unless its
 * partitioning satisfies the clustering (a key function is never satisfied). Several (a join's
 * sides): they must be co-partitioned, i.e. partitioned by the same positions of their key lists;
 * a side that is anchors the others, which are repartitioned by their columns at those positions
 * (encoded as the anchor's declared key, so equal keys meet); with no such side, all by all keys.
 */
function exchanges(children: readonly PlanNode[], required: readonly (Clustering | undefined)[]): (Exchange | undefined)[] {
  const keyed = required.flatMap((r, i) => (r === undefined ? [] : [i]));
  const own = (i: number): Exchange | undefined => {
    const r = required[i];
    if (r === undefined) return undefined;
    return partitioningSatisfies(children[i]!.outputPartitioning?.(), r) ? undefined : r;
  };
  const columnLists = keyed.map((i) => required[i]!).filter((r): r is { columns: readonly string[] } => 'columns' in r);
  const coPartitionable =
    keyed.length > 1 && columnLists.length === keyed.length && columnLists.every((r) => r.columns.length === columnLists[0]!.columns.length);
  if (!coPartitionable) return children.map((_, i) => own(i));
  const cols = (i: number) => (required[i] as { columns: readonly string[] }).columns;
  const positions = children.map((c, i) => (required[i] === undefined ? undefined : keyPositions(c.outputPartitioning?.(), cols(i))));
  const anchor = keyed.find((i) => positions[i] !== undefined);
  if (anchor === undefined) return children.map((_, i) => (required[i] === undefined ? undefined : { columns: cols(i) }));
  const at = positions[anchor]!;
  return children.map((_, i) => {
    if (required[i] === undefined || i === anchor) return undefined;
    const p = positions[i];
    if (p !== undefined && p.length === at.length && p.every((x, j) => x === at[j])) return undefined;
    return { columns: at.map((k) => cols(i)[k]!) };
  });
}
