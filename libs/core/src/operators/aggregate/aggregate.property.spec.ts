/**
 * Property: for random event sequences split into random batches, append mode emits exactly the
 * batch computation over the rows that were not late (per row and window, with the watermark each
 * batch ran with), and never emits a (window, key) twice.
 */
import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { count, MemoryStream, StreamingSession, sum, window, type Logger } from '../../index.js';
import { ManualClock } from '../../testing/index.js';
import { rowKey } from '../../testing/rows.js';

type Ev = { ts: number; key: string; v: number };
type Out = { window: { start: number; end: number }; key: string; n: number; total: number };

const SIZE = 10;
const SLIDE = 5;
const DELAY = 7;
const silent = pino({ level: 'silent' }) as unknown as Logger;

function expected(batches: Ev[][]): Out[] {
  const groups = new Map<string, Out>();
  let maxTs = -Infinity;
  let wm = 0;
  for (const batch of batches) {
    for (const e of batch) {
      for (let s = e.ts - (((e.ts % SLIDE) + SLIDE) % SLIDE); s > e.ts - SIZE; s -= SLIDE) {
        if (s + SIZE <= wm) continue; // late for this window
        const k = `${s}|${e.key}`;
        const g = groups.get(k) ?? { window: { start: s, end: s + SIZE }, key: e.key, n: 0, total: 0 };
        g.n += 1;
        g.total += e.v;
        groups.set(k, g);
      }
    }
    for (const e of batch) maxTs = Math.max(maxTs, e.ts);
    if (batch.length > 0) wm = Math.max(wm, maxTs - DELAY);
  }
  return [...groups.values()].filter((g) => g.window.end <= wm);
}

const event = fc.record({ ts: fc.integer({ min: 0, max: 120 }), key: fc.constantFrom('a', 'b', 'c'), v: fc.integer({ min: -5, max: 5 }) });

describe('append mode equals the batch computation over non-late rows', () => {
  it('holds for random events in random batches', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(event, { maxLength: 8 }), { minLength: 1, maxLength: 8 }), async (batches) => {
        const session = new StreamingSession({ clock: new ManualClock(0), logger: silent });
        const input = new MemoryStream<Ev>();
        const out: Out[] = [];
        const q = input
          .toStream()
          .withWatermark('ts', DELAY)
          .groupBy(window('ts', SIZE, SLIDE), 'key')
          .agg({ n: count(), total: sum('v') })
          .writeStream.outputMode('append')
          .foreachBatch((rows) => {
            out.push(...rows);
          })
          .session(session)
          .start();
        try {
          for (const b of batches) {
            input.addData(b);
            await q.processAllAvailable();
          }
        } finally {
          await q.stop();
        }
        const keys = out.map(rowKey);
        const windows = out.map((r) => `${r.window.start}|${r.key}`);
        expect(new Set(windows).size).toBe(windows.length); // no (window, key) emitted twice
        expect(keys.sort()).toEqual(expected(batches).map(rowKey).sort());
      }),
      { numRuns: 150 },
    );
  });
});
