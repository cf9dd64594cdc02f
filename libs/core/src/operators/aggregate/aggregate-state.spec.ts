/** Snapshot/restore and per-batch changes of the window aggregation's state. */
import { describe, expect, it } from 'vitest';
import { StateCodec } from '../../checkpoint/value-codec.js';
import { BatchRun } from '../../exec/batch-run.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import type { Logger, OutputMode } from '../../ports.js';
import { approxCountDistinct, count, sum, window } from '../../index.js';
import { AggregateOperator } from './aggregate-operator.js';

const noop = (): void => undefined;
const logger: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, child: () => logger };

type Aggs = ConstructorParameters<typeof AggregateOperator>[0]['aggs'];
const allAggs: Aggs = [
  ['n', count()],
  ['s', sum('v')],
  ['u', approxCountDistinct('v')],
];

function op(rows: unknown[][], aggs: Aggs = allAggs) {
  let batch = 0;
  const child: PhysicalOperator = { name: 'rows', execute: () => (rows[batch] ?? []) as unknown[] };
  const agg = new AggregateOperator({
    operatorId: 0,
    child,
    keys: ['k', 'c'],
    window: window('ts', 10),
    timeKey: undefined,
    aggs,
    eventTime: { watermarkId: 0, delayMs: 0, late: undefined },
  });
  const run = (wm: number, mode: OutputMode = 'update') => {
    const out = agg.execute(
      new BatchRun({
        batchId: batch,
        watermarkMs: wm,
        inputWatermarksMs: [wm],
        batchTimestampMs: 0,
        outputMode: mode,
        isNoDataBatch: false,
        inputs: [],
        logger,
        watermarkCount: 1,
      }),
    );
    agg.commit(batch);
    batch += 1;
    return out;
  };
  return { agg, run };
}

describe('AggregateOperator state', () => {
  it('reports updated and evicted groups as [bucket, key] changes', () => {
    const { agg, run } = op([
      [
        { ts: 1, k: 'a', c: 1, v: 2 },
        { ts: 12, k: 'b', c: 1, v: 3 },
      ],
      [{ ts: 13, k: 'b', c: 1, v: 1 }],
    ]);
    run(0);
    expect(agg.stateChanges().updated.map(([key]) => key)).toEqual([
      [0, ['a', 1]],
      [10, ['b', 1]],
    ]);
    run(10); // evicts [0, 10)
    const changes = agg.stateChanges();
    expect(changes.updated).toEqual([
      [
        [10, ['b', 1]],
        [2, 4, expect.any(Uint8Array)],
      ],
    ]);
    expect(changes.removed).toEqual([[0, ['a', 1]]]);
  });

  it('restores a snapshot round-tripped through checkpoint JSON into an equivalent operator', () => {
    const first = op([
      [
        { ts: 1, k: 'a', c: 1, v: 2 },
        { ts: 2, k: 'a', c: 1, v: 5 },
      ],
    ]);
    first.run(0);
    const codec = new StateCodec();
    const snap = codec.decode(JSON.parse(JSON.stringify(codec.encode(first.agg.snapshot())))) as ReturnType<AggregateOperator['snapshot']>;
    const second = op([[], [{ ts: 3, k: 'a', c: 1, v: 1 }]]);
    second.agg.restore(snap);
    second.run(0);
    expect(second.run(0)).toEqual([{ window: { start: 0, end: 10 }, k: 'a', c: 1, n: 3, s: 8, u: 3 }]);
  });

  it('hands out numeric changes and snapshots as detached values: a later batch does not change them', () => {
    const { agg, run } = op(
      [[{ ts: 1, k: 'a', c: 1, v: 2 }], [{ ts: 2, k: 'a', c: 1, v: 5 }]],
      [
        ['n', count()],
        ['s', sum('v')],
      ],
    );
    run(0);
    const changes = agg.stateChanges();
    const snapshot = agg.snapshot();
    expect(changes.detached).toBe(true);
    expect(snapshot.detached).toBe(true);
    run(0); // the same group again
    expect(changes.updated).toEqual([
      [
        [0, ['a', 1]],
        [1, 2],
      ],
    ]);
    expect(snapshot.entries).toEqual([
      [
        [0, ['a', 1]],
        [1, 2],
      ],
    ]);
    expect(agg.stateChanges().updated).toEqual([
      [
        [0, ['a', 1]],
        [2, 7],
      ],
    ]);
  });

  it('does not call changes detached when a buffer is an object (HyperLogLog registers)', () => {
    const { agg, run } = op([[{ ts: 1, k: 'a', c: 1, v: 2 }]]);
    run(0);
    expect(agg.stateChanges().detached).toBe(false);
    expect(agg.snapshot().detached).toBe(false);
  });
});
