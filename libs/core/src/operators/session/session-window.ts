/**
 * `sessionWindow(ts, gap)`: session windows as a `WindowSpec` for `groupBy` (Spark's
 * `session_window`). Each row opens `[ts, ts + gap)`; sessions of the same key that overlap or
 * touch merge, across batches too. The gap may be a function of the row (dynamic gap); a row
 * whose gap is `<= 0` is dropped. Spark requires at least one grouping key besides the session
 * window; so do we.
 */
import { parseDuration, type Duration } from '../../duration.js';
import { StreamlabError } from '../../errors.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import type { AggregateCompileArgs } from '../../window/window-spec.js';
import { SessionOperator } from './session-operator.js';
import type { SessionWindowSpec } from './session-window-spec.js';

export type { SessionWindowSpec } from './session-window-spec.js';

/**
 * Groups rows into sessions: a session closes after `gap` without rows of its key.
 *
 * @example
 * clicks.withWatermark('ts', '10 minutes')
 *   .groupBy(sessionWindow('ts', '5 minutes'), 'userId')
 *   .agg({ clicks: count() });
 * // rows: { session_window: { start, end }, userId, clicks }
 * sessionWindow('ts', (row: Click) => (row.kind === 'checkout' ? '30 minutes' : '5 minutes'));
 */
export function sessionWindow<F extends string, R = never>(timeColumn: F, gap: Duration | ((row: R) => Duration)): SessionWindowSpec<F> {
  const dynamic = typeof gap === 'function';
  const gapMs = dynamic ? undefined : parseDuration(gap, 'session gap');
  if (gapMs !== undefined && gapMs <= 0) {
    throw new StreamlabError('BAD_WINDOW', `session gap must be positive, got ${String(gap)}`, { value: gap, hint: 'use a duration such as "5 minutes"' });
  }
  const spec: SessionWindowSpec<F> = {
    kind: 'session',
    name: 'session_window',
    timeColumn,
    isMerging: true,
    gapMs,
    gapOf: dynamic ? (gap as (row: never) => Duration) : undefined,
    describe: () => `session_window(${timeColumn}, ${dynamic ? 'dynamic gap' : `${gapMs} ms`})`,
    createAggregate(args: AggregateCompileArgs): PhysicalOperator {
      if (args.keys.length === 0) {
        throw new StreamlabError('SESSION_NEEDS_KEY', 'session windows need at least one grouping column besides the session window', {
          value: spec.describe(),
          hint: "group by a key too, e.g. groupBy(sessionWindow('ts', '5 minutes'), 'userId')",
        });
      }
      const op = new SessionOperator({
        operatorId: args.ctx.nextOperatorId(),
        child: args.child,
        keys: args.keys,
        aggs: args.aggs,
        eventTime: args.eventTime,
        spec,
      });
      args.ctx.registerStateful(op);
      return op;
    },
  };
  return spec;
}
