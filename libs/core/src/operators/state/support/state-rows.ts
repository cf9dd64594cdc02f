/**
 * `assertNumStateRows` (Spark's StateStoreMetricsTest): checks the state metrics of the batches
 * that ran since the previous `assertNumStateRows` of the same query run: `total` is the last
 * batch's `numRowsTotal`, `updated`, `removed` and `droppedByWatermark` are summed over those
 * batches (so a no-data batch that evicted state counts with the data batch that caused it).
 */
import { assertOnQuery, type StreamAction } from '../../../testing/actions.js';
import type { StreamingQuery } from '../../../query/streaming-query.js';

export interface ExpectedStateRows {
  total: number | number[];
  updated?: number | number[];
  removed?: number | number[];
  droppedByWatermark?: number | number[];
}

const checked = new WeakMap<StreamingQuery, number>();

function asList(v: number | number[] | undefined): number[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}

/**
 * One value per stateful operator (in plan order), or a single number for a one-operator query.
 *
 * @example
 * assertNumStateRows({ total: 6, updated: 6 })
 */
export function assertNumStateRows(expected: ExpectedStateRows): StreamAction {
  return assertOnQuery(
    (q) => {
      const all = q.recentProgress;
      const from = checked.get(q) ?? 0;
      const batches = all.slice(from);
      checked.set(q, all.length);
      const last = batches[batches.length - 1];
      if (!last) throw new Error('no batch ran since the previous assertNumStateRows');
      const sum = (field: 'numRowsUpdated' | 'numRowsRemoved' | 'numRowsDroppedByWatermark', i: number): number =>
        batches.reduce((acc, p) => acc + (p.stateOperators[i]?.[field] ?? 0), 0);
      const actual = {
        total: last.stateOperators.map((o) => o.numRowsTotal),
        updated: last.stateOperators.map((_, i) => sum('numRowsUpdated', i)),
        removed: last.stateOperators.map((_, i) => sum('numRowsRemoved', i)),
        droppedByWatermark: last.stateOperators.map((_, i) => sum('numRowsDroppedByWatermark', i)),
      };
      for (const name of ['total', 'updated', 'removed', 'droppedByWatermark'] as const) {
        const want = asList(expected[name]);
        if (want === undefined) continue;
        if (JSON.stringify(want) !== JSON.stringify(actual[name])) {
          throw new Error(
            `state rows: expected ${name} ${JSON.stringify(want)}, got ${JSON.stringify(actual[name])} over batches ${batches.map((b) => b.batchId).join(',')} (all: ${JSON.stringify(actual)})`,
          );
        }
      }
      return true;
    },
    `assertNumStateRows(${JSON.stringify(expected)})`,
  );
}
