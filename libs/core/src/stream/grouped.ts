/** The result of `groupBy(...)`: call `agg({...})` or `count()` to get a `Stream` of aggregate rows. */
import type { AggregateSpec } from '../aggregates/aggregate.js';
import { count as countAgg } from '../aggregates/count.js';
import { StreamlabError } from '../errors.js';
import { AggregateNode } from '../operators/aggregate/aggregate-node.js';
import type { PlanNode } from '../plan/node.js';
import { isWindowSpec, type WindowSpec } from '../window/window-spec.js';
import type { Stream } from './stream.js';
import { streamOf } from './stream-of.js';
import type { AggRow, AggsOf, Simplify } from './types.js';

export class GroupedStream<T, K> {
  private readonly plan: PlanNode;
  private readonly keys: readonly (string | WindowSpec)[];

  constructor(plan: PlanNode, keys: readonly (string | WindowSpec)[]) {
    this.plan = plan;
    this.keys = keys;
  }

  /**
   * Aggregates each group; output rows are the group's keys plus one column per aggregate.
   *
   * @example
   * words.groupBy(window('ts', '10 minutes'), 'word').agg({ n: count(), last: max('ts') });
   */
  agg<A extends AggsOf<T>>(aggs: A): Stream<AggRow<T, K, A>> {
    const entries = Object.entries(aggs) as [string, AggregateSpec][];
    if (entries.length === 0) {
      throw new StreamlabError('EMPTY_AGG', 'agg() needs at least one aggregate', {
        value: aggs,
        hint: 'e.g. .agg({ count: count() })',
      });
    }
    const windows = this.keys.filter(isWindowSpec);
    if (windows.length > 1) {
      throw new StreamlabError('MULTIPLE_WINDOWS', 'groupBy accepts at most one window', {
        value: windows.map((w) => w.describe()),
        hint: 'group by one window(...) plus key columns',
      });
    }
    const columns = this.keys.filter((k): k is string => typeof k === 'string');
    for (const [name] of entries) {
      if (columns.includes(name) || windows.some((w) => w.name === name)) {
        throw new StreamlabError('DUPLICATE_COLUMN', `aggregate column "${name}" clashes with a grouping column`, {
          value: name,
          hint: 'rename the aggregate, e.g. { n: count() }',
        });
      }
    }
    return streamOf(new AggregateNode(this.plan, columns, windows[0], entries));
  }

  /**
   * Counts the rows of each group into a `count` column.
   *
   * @example
   * words.groupBy('word').count(); // rows: { word, count }
   */
  count(): Stream<Simplify<K & { count: number }>> {
    return this.agg({ count: countAgg() }) as unknown as Stream<Simplify<K & { count: number }>>;
  }
}
