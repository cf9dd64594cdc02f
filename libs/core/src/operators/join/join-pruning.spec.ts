/**
 * Column pruning (Spark's ColumnPruning rule, which runs before its stream-stream join is planned):
 * a join under `select` buffers only the columns the select reads, its keys and its event times, so
 * its state and checkpoint hold no other column, and its results are those of the unpruned join.
 */
import { describe, expect, it } from 'vitest';
import { joinPath } from '../../checkpoint/paths.js';
import { MemoryStream } from '../../sources/memory-stream.js';
import type { Stream } from '../../stream/stream.js';
import type { JoinType } from './join-spec.js';
import { runWithRestart, type RestartRun } from '../state/support/restart-harness.js';

type Order = { k: string; lt: number; amount: number; note: string };
type Payment = { k: string; rt: number; method: string; memo: string };

const sec = (s: number): number => s * 1000;
const O = (k: string, s: number): Order => ({ k, lt: sec(s), amount: s * 10, note: `order note ${k}` });
const P = (k: string, s: number): Payment => ({ k, rt: sec(s), method: s % 2 ? 'card' : 'wallet', memo: `payment memo ${k}` });
const steps = [
  { add: [[O('a', 10), O('b', 11)], [P('a', 9)]] },
  { add: [[O('c', 14)], [P('b', 20), P('c', 30)]] },
  { add: [[O('a', 25)], [P('a', 26), P('d', 40)]] },
  { add: [[O('e', 60)], [P('e', 61)]] },
  { add: [[], [P('f', 100)]] },
];

function query(how: JoinType, prune: boolean, orders: MemoryStream<Order>, payments: MemoryStream<Payment>) {
  const joined = orders
    .toStream()
    .withWatermark('lt', '5 seconds')
    .join(payments.toStream().withWatermark('rt', '5 seconds'), 'k', how, {
      timeRange: { leftTime: 'lt', rightTime: 'rt', min: '-2 seconds', max: '10 seconds' },
    });
  const rows = joined as unknown as Stream<{ k: string; lt: number | null; rt: number | null; method: string | null }>;
  // `map` is opaque to the planner: it reads any column, so nothing is pruned below it.
  return prune ? rows.select('k', 'lt', 'rt', 'method') : rows.map((r) => ({ k: r.k, lt: r.lt, rt: r.rt, method: r.method }));
}

async function run(how: JoinType, prune: boolean, restartAfterStep?: number): Promise<RestartRun> {
  const orders = new MemoryStream<Order>();
  const payments = new MemoryStream<Payment>();
  return runWithRestart(query(how, prune, orders, payments) as never, [orders as never, payments as never], steps, {
    outputMode: 'append',
    ...(restartAfterStep === undefined ? {} : { restartAfterStep }),
  });
}

/** Every state file of the join, as text. */
function stateText(r: RestartRun): string {
  const { fileManager, location } = r.checkpoint;
  const dir = joinPath(location, 'state', '0');
  return fileManager
    .list(dir)
    .map((name) => fileManager.open(joinPath(dir, name)))
    .join('\n');
}

describe('stream-stream join under select: column pruning', () => {
  for (const how of ['inner', 'leftOuter', 'rightOuter', 'fullOuter'] as const) {
    it(`${how}: the same results as the unpruned join; state and checkpoint hold only the selected columns, keys and event times`, async () => {
      const pruned = await run(how, true);
      const plain = await run(how, false);
      expect(pruned.batches).toEqual(plain.batches);
      expect(pruned.batches.flatMap((b) => b.rows).length).toBeGreaterThan(0);
      const prunedState = stateText(pruned);
      const plainState = stateText(plain);
      // The unpruned join wrote the other columns; the pruned one wrote none of them.
      for (const column of ['amount', 'note', 'memo']) {
        expect(plainState).toContain(`"${column}"`);
        expect(prunedState).not.toContain(`"${column}"`);
      }
      for (const column of ['k', 'lt', 'rt', 'method']) expect(prunedState).toContain(`"${column}"`);
    });
  }

  it('explain() shows the columns each side buffers under a select, and none under an opaque map', () => {
    const pruned = query('inner', true, new MemoryStream<Order>(), new MemoryStream<Payment>()).explain();
    expect(pruned).toContain('StreamingSymmetricHashJoin [inner, k = k, rt - lt in [-2000, 10000] ms, buffers [k, lt, rt, method] and [k, lt, rt, method]]');
    const plain = query('inner', false, new MemoryStream<Order>(), new MemoryStream<Payment>()).explain();
    expect(plain).toContain('StreamingSymmetricHashJoin [inner, k = k, rt - lt in [-2000, 10000] ms]');
  });

  it('a pruned join stopped after any batch and restored from its checkpoint continues as an uninterrupted run', async () => {
    const plain = await run('fullOuter', true);
    for (const after of [0, 1, 2, 3]) {
      const restarted = await run('fullOuter', true, after);
      expect(restarted.batches).toEqual(plain.batches);
    }
  });
});
