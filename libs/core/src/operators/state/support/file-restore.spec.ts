/**
 * Snapshot/restore of every issue-4 operator through the file checkpoint (offsets log, commits,
 * state deltas and snapshots on disk, the state codec): a run stopped after some batches and
 * restarted from its checkpoint directory emits what an uninterrupted run emits.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { count } from '../../../aggregates/count.js';
import { MemoryStream } from '../../../sources/memory-stream.js';
import type { Stream } from '../../../stream/stream.js';
import { pattern } from '../../pattern/pattern.js';
import { sessionWindow } from '../../session/session-window.js';
import type { GroupState } from '../group-state.js';
import { removeDir, runWithRestart, tempCheckpointDir, type Step } from './restart-harness.js';

interface Ev {
  k: string;
  ts: number;
  v: number;
}
const T0 = Date.parse('2026-01-01T00:00:00Z');
const e = (k: string, s: number, v = 1): Ev => ({ k, ts: T0 + s * 1000, v });
const steps: Step[] = [
  [e('a', 1), e('b', 2, 700), e('a', 1)],
  [e('a', 4, 900), e('c', 5), e('b', 3)],
  [e('b', 9, 0.5), e('a', 3), e('c', 30, 800)],
  [e('c', 14), e('d', 40, 1)],
  [e('d', 70, 600), e('a', 90)],
].map((rows) => ({ add: [rows] }));

const counter = (k: string, vs: Ev[], st: GroupState<number>): unknown[] => {
  if (st.hasTimedOut) {
    const n = st.get();
    st.remove();
    return [{ k, closed: n }];
  }
  const n = (st.getOption() ?? 0) + vs.length;
  st.update(n);
  st.setTimeoutTimestamp(Math.max(...vs.map((x) => x.ts)), '5 seconds');
  return [{ k, n }];
};

const queries: [string, (input: MemoryStream<Ev>) => Stream<unknown>, 'append' | 'update'][] = [
  ['dropDuplicates', (i) => i.toStream().withWatermark('ts', '2 seconds').dropDuplicates('k', 'ts') as Stream<unknown>, 'append'],
  ['dropDuplicatesWithinWatermark', (i) => i.toStream().withWatermark('ts', '2 seconds').dropDuplicatesWithinWatermark('k') as Stream<unknown>, 'append'],
  [
    'flatMapGroupsWithState',
    (i) =>
      i
        .toStream()
        .withWatermark('ts', '2 seconds')
        .groupByKey((x) => x.k)
        .flatMapGroupsWithState(counter, { outputMode: 'append', timeout: 'eventTime' }),
    'append',
  ],
  [
    'sessionWindow (update)',
    (i) => i.toStream().withWatermark('ts', '2 seconds').groupBy(sessionWindow('ts', '5 seconds'), 'k').agg({ n: count() }) as Stream<unknown>,
    'update',
  ],
  [
    'sessionWindow (append, two key columns)',
    (i) =>
      i
        .toStream()
        .map((x) => ({ ...x, big: x.v > 100 }))
        .withWatermark('ts', '2 seconds')
        .groupBy(sessionWindow('ts', '5 seconds'), 'k', 'big')
        .agg({ n: count() }) as Stream<unknown>,
    'append',
  ],
  [
    'pattern',
    (i) =>
      i
        .toStream()
        .withWatermark('ts', '2 seconds')
        .groupByKey((x) => x.k)
        .pattern(
          pattern<Ev>()
            .begin('lo', (x) => x.v < 2)
            .followedBy('hi', (x) => x.v > 500)
            .within('20 seconds'),
          { emitTimeouts: true },
        ) as Stream<unknown>,
    'append',
  ],
  [
    'stream-stream join',
    (i) => {
      const s = i.toStream().withWatermark('ts', '2 seconds');
      const right = s
        .filter((x) => x.v > 1)
        .map((x) => ({ k: x.k, rts: x.ts }))
        .withWatermark('rts', '2 seconds');
      return s.join(right, 'k', 'leftOuter', { timeRange: { leftTime: 'ts', rightTime: 'rts', min: 0, max: '10 seconds' } }) as Stream<unknown>;
    },
    'append',
  ],
];

describe('issue-4 operators restored from a file checkpoint', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) removeDir(d);
  });

  for (const [name, build, mode] of queries) {
    it(`${name}: stop after each batch, restart from disk, same output as an uninterrupted run`, async () => {
      const a = new MemoryStream<Ev>('file-restore');
      const dir0 = tempCheckpointDir();
      dirs.push(dir0);
      const plain = await runWithRestart(build(a), [a as never], steps, { outputMode: mode, checkpointDir: dir0 });
      expect(plain.batches.flatMap((b) => b.rows).length).toBeGreaterThan(0);
      if (name === 'stream-stream join') {
        // the join reports its changes: a delta per batch, no snapshot of both sides' buffers each batch
        const files = readdirSync(join(dir0, 'state', '0')).filter((f) => !f.startsWith('.'));
        expect(files.filter((f) => f.endsWith('.delta')).length).toBeGreaterThanOrEqual(steps.length); // and no-data batches
        expect(files.filter((f) => f.endsWith('.snapshot'))).toEqual([]);
      }
      for (const after of [0, 2]) {
        const b = new MemoryStream<Ev>('file-restore');
        const dir = tempCheckpointDir();
        dirs.push(dir);
        const restarted = await runWithRestart(build(b), [b as never], steps, { outputMode: mode, restartAfterStep: after, checkpointDir: dir });
        expect(restarted.batches).toEqual(plain.batches);
      }
    });
  }
});
