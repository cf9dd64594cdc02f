/**
 * Property: for random event sequences split into random batches, append mode emits exactly the
 * batch computation over the rows that were not late (per row and window, against the watermark
 * the previous batch ran with, as Spark 3.4+), and never emits a (window, key) twice.
 */
import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { count, MemoryStream, StreamingSession, sum, window, type Logger, type OutputMode } from '../../index.js';
import { ManualClock } from '../../testing/index.js';
import { rowKey } from '../../testing/rows.js';

type Ev = { ts: number; key: string; v: number };
type Out = { window: { start: number; end: number }; key: string; n: number; total: number | null };

const SIZE = 10;
const SLIDE = 5;
const DELAY = 7;
const silent = pino({ level: 'silent' }) as unknown as Logger;

/** Adds `e` to the (window, key) group of every window it falls in, except the windows `wm` closed. */
function addToWindows(groups: Map<string, Out>, e: Ev, wm = -Infinity): void {
  for (let s = e.ts - (((e.ts % SLIDE) + SLIDE) % SLIDE); s > e.ts - SIZE; s -= SLIDE) {
    if (s + SIZE <= wm) continue; // late for this window
    const k = `${s}|${e.key}`;
    const g = groups.get(k) ?? { window: { start: s, end: s + SIZE }, key: e.key, n: 0, total: 0 };
    g.n += 1;
    g.total = (g.total ?? 0) + e.v;
    groups.set(k, g);
  }
}

/**
 * The model. Rows are late against the watermark the previous batch ran with (Spark 3.4+). When a
 * query waits for each batch, a no-data batch with the new watermark ran in between, so that is the
 * watermark of the batch; with data batches back to back (`backToBack`) it is the one before.
 */
function expected(batches: Ev[][], closedOnly = true, backToBack = false): Out[] {
  const groups = new Map<string, Out>();
  let maxTs = -Infinity;
  let wm = 0;
  let previousRunWm = 0;
  for (const batch of batches) {
    const late = backToBack ? previousRunWm : wm;
    for (const e of batch) addToWindows(groups, e, late);
    previousRunWm = wm;
    for (const e of batch) maxTs = Math.max(maxTs, e.ts);
    if (batch.length > 0) wm = Math.max(wm, maxTs - DELAY);
  }
  return [...groups.values()].filter((g) => !closedOnly || g.window.end <= wm);
}

/** The windowed count+sum under test over a fresh stream (holding `preload`); `onBatch` gets each batch's rows. */
function startQuery(mode: OutputMode, onBatch: (rows: readonly Out[]) => void, opts: { preload?: Ev[]; maxRowsPerTrigger?: number } = {}) {
  const input = new MemoryStream<Ev>();
  if (opts.preload) input.addData(opts.preload);
  const writer = input
    .toStream()
    .withWatermark('ts', DELAY)
    .groupBy(window('ts', SIZE, SLIDE), 'key')
    .agg({ n: count(), total: sum('v') })
    .writeStream.outputMode(mode);
  const q = (opts.maxRowsPerTrigger === undefined ? writer : writer.option('maxRowsPerTrigger', opts.maxRowsPerTrigger))
    .foreachBatch((rows) => onBatch(rows))
    .session(new StreamingSession({ clock: new ManualClock(0), logger: silent }))
    .start();
  return { input, q };
}

/** Adds each batch and waits for it (then runs `check`), and stops the query. */
async function feed(query: ReturnType<typeof startQuery>, batches: Ev[][], check: (batch: Ev[]) => void = () => undefined): Promise<void> {
  try {
    for (const b of batches) {
      query.input.addData(b);
      await query.q.processAllAvailable();
      check(b);
    }
  } finally {
    await query.q.stop();
  }
}

const event = fc.record({ ts: fc.integer({ min: 0, max: 120 }), key: fc.constantFrom('a', 'b', 'c'), v: fc.integer({ min: -5, max: 5 }) });

describe('window aggregation properties (random events in random batches)', () => {
  it('append mode equals the batch computation over non-late rows; no window emitted twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(event, { maxLength: 8 }), { minLength: 1, maxLength: 8 }), async (batches) => {
        const out: Out[] = [];
        await feed(
          startQuery('append', (rows) => out.push(...rows)),
          batches,
        );
        const keys = out.map(rowKey);
        const windows = out.map((r) => `${r.window.start}|${r.key}`);
        expect(new Set(windows).size).toBe(windows.length); // no (window, key) emitted twice
        expect(keys.sort()).toEqual(expected(batches).map(rowKey).sort());
      }),
      { numRuns: 150 },
    );
  });

  it('complete mode: every batch emits the batch computation over all rows so far (nothing dropped or evicted)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(event, { maxLength: 8 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        let last: Out[] = [];
        const seen: Ev[] = [];
        await feed(
          startQuery('complete', (rows) => (last = [...rows])),
          batches,
          (b) => {
            seen.push(...b);
            const all = new Map<string, Out>();
            for (const e of seen) addToWindows(all, e);
            expect(last.map(rowKey).sort()).toEqual([...all.values()].map(rowKey).sort());
          },
        );
      }),
      { numRuns: 100 },
    );
  });

  it('update mode: the last update of every (window, key) is its count over non-late rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(event, { maxLength: 8 }), { minLength: 1, maxLength: 8 }), async (batches) => {
        const latest = new Map<string, Out>();
        await feed(
          startQuery('update', (rows) => {
            for (const r of rows) latest.set(`${r.window.start}|${r.key}`, r);
          }),
          batches,
        );
        expect([...latest.values()].map(rowKey).sort()).toEqual(expected(batches, false).map(rowKey).sort());
      }),
      { numRuns: 150 },
    );
  });

  it('append mode stays exact when data batches follow each other without no-data batches (maxRowsPerTrigger)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 6 }), async (events, perBatch) => {
        const out: Out[] = [];
        await feed(
          startQuery('append', (rows) => out.push(...rows), { preload: events, maxRowsPerTrigger: perBatch }),
          [[]],
        ); // all events preloaded: one wait
        const batches: Ev[][] = [];
        for (let i = 0; i < events.length; i += perBatch) batches.push(events.slice(i, i + perBatch));
        const windows = out.map((r) => `${r.window.start}|${r.key}`);
        expect(new Set(windows).size).toBe(windows.length);
        expect(out.map(rowKey).sort()).toEqual(expected(batches, true, true).map(rowKey).sort());
      }),
      { numRuns: 150 },
    );
  });
});
