/**
 * Partitioning facts of a plan (Spark's `requiredChildDistribution` / `outputPartitioning`): what a
 * keyed operator needs of its input so that one key's rows meet in one partition, and how a node's
 * output rows are hash-partitioned. The engine itself runs one partition per query and ignores
 * them; a runner that splits a query over partitions (the Kafka scale-out's automatic repartition,
 * as Spark's EnsureRequirements inserts an Exchange) reads them to decide where rows must move.
 */
import type { PlanNode } from './node.js';

/**
 * What a child's rows must be clustered by: equal values of `columns` in one partition (`[]`:
 * every row in one partition), or equal `keyOf(row)` (a key function, which a column partitioning
 * can never be shown to satisfy).
 */
export type Clustering = { readonly columns: readonly string[] } | { readonly keyOf: (row: unknown) => unknown };

/**
 * Whether rows hash-partitioned by `partitioning` are clustered as `required` asks: the
 * partitioning is known, not empty, and every one of its columns is a required column (rows
 * equal on the required columns are then equal on the partitioning, so in one partition).
 *
 * @example
 * partitioningSatisfies(['cardId'], { columns: ['cardId', 'merchant'] }); // true
 * partitioningSatisfies(['cardId'], { columns: ['merchant'] });           // false
 * partitioningSatisfies(['cardId'], { columns: [] });                     // false: [] needs one partition for all
 */
export function partitioningSatisfies(partitioning: readonly string[] | undefined, required: Clustering): boolean {
  if (partitioning === undefined || partitioning.length === 0 || !('columns' in required)) return false;
  return partitioning.every((c) => required.columns.includes(c));
}

/**
 * Where the columns of `partitioning` sit in the key list `keys` (in the partitioning's order), or
 * `undefined` when it does not satisfy clustering by `keys`. Two sides of a join are co-partitioned
 * when both have the same positions: equal keys then give equal partition keys.
 *
 * @example
 * keyPositions(['b'], ['a', 'b']);      // [1]
 * keyPositions(['b', 'a'], ['a', 'b']); // [1, 0]
 * keyPositions(['c'], ['a', 'b']);      // undefined
 */
export function keyPositions(partitioning: readonly string[] | undefined, keys: readonly string[]): number[] | undefined {
  if (!partitioningSatisfies(partitioning, { columns: keys })) return undefined;
  return partitioning!.map((c) => keys.indexOf(c));
}

/**
 * The output partitioning of a node whose rows keep their child's columns: the child's.
 * For a node with several children (a union), the children's when all are equal, else unknown.
 *
 * @example
 * samePartitioning([['cardId'], ['cardId']]); // ['cardId']
 * samePartitioning([['cardId'], ['merchant']]); // undefined
 */
export function samePartitioning(all: readonly (readonly string[] | undefined)[]): readonly string[] | undefined {
  const first = all[0];
  if (first === undefined) return undefined;
  const same = (p: readonly string[] | undefined) => p !== undefined && p.length === first.length && p.every((c, i) => c === first[i]);
  return all.every(same) ? first : undefined;
}

/**
 * The keyed operators of a plan whose input is not known to hold every row of a key in one
 * partition (`[]`: the plan runs correctly split by input partition, each part with its own
 * state, as a parallel query's workers run it). A one-input operator needs its child's
 * partitioning to satisfy its clustering; a join's keyed sides must also be co-partitioned (the
 * same positions of their key lists), so that equal keys sit in the same partition number.
 *
 * @example
 * unpartitionedOperators(tx.groupBy('cardId').count().plan); // [the aggregate] unless the source declares partitionedBy 'cardId'
 */
export function unpartitionedOperators(root: PlanNode): PlanNode[] {
  const out: PlanNode[] = [];
  const seen = new Set<PlanNode>();
  const visit = (node: PlanNode): void => {
    if (seen.has(node)) return;
    seen.add(node);
    node.children.forEach(visit);
    const required = node.requiredChildClustering?.() ?? [];
    const keyed = required.flatMap((r, i) => (r === undefined ? [] : [i]));
    if (keyed.length === 0) return;
    const satisfied = keyed.every((i) => partitioningSatisfies(node.children[i]!.outputPartitioning?.(), required[i]!));
    if (!satisfied) {
      out.push(node);
      return;
    }
    if (keyed.length > 1) {
      const positions = keyed.map((i) => keyPositions(node.children[i]!.outputPartitioning?.(), (required[i] as { columns: readonly string[] }).columns)!);
      const first = positions[0]!;
      if (!positions.every((p) => p.length === first.length && p.every((x, j) => x === first[j]))) out.push(node);
    }
  };
  visit(root);
  return out;
}
