/**
 * Checks of Exercise 3: the sliding-window count emits what Spark emits in update mode, the late
 * sink gets exactly the (row, window) pairs the watermark dropped, Spark's
 * numRowsDroppedByWatermark adds up, and your `stillCounts` says which late rows still count.
 */
import { type LateRecord, MemorySink, MemoryStream } from '@streamlab/core';
import { describe, it } from 'vitest';
import { assertNoProblems, clockTime, compareRows, implementation, QueryDriver, sighting, win, windowName } from '../../src/checks.js';
import type { Sighting } from '../../src/sightings.js';
import type { WindowCount } from './solution.js';

const impl = await implementation<typeof import('./solution.js')>(import.meta.url);

/** The README's four input batches. */
const batches: Sighting[][] = [
  [sighting('s-1', '12:02', 'dog'), sighting('s-2', '12:21', 'dog')],
  [sighting('s-3', '12:04', 'fox'), sighting('s-4', '12:08', 'fox'), sighting('s-5', '12:12', 'cat')],
  [sighting('s-7', '12:40', 'owl'), sighting('s-8', '12:10', 'heron')],
  [sighting('s-9', '12:18', 'heron')],
];
const all = batches.flat();

const c = (start: string, end: string, animal: string, count: number): WindowCount => ({ window: win(start, end), animal, count });
/** Update mode, per input batch. */
const expected: WindowCount[][] = [
  [c('11:55', '12:05', 'dog', 1), c('12:00', '12:10', 'dog', 1), c('12:15', '12:25', 'dog', 1), c('12:20', '12:30', 'dog', 1)],
  [c('12:05', '12:15', 'fox', 1), c('12:05', '12:15', 'cat', 1), c('12:10', '12:20', 'cat', 1)],
  [c('12:35', '12:45', 'owl', 1), c('12:40', '12:50', 'owl', 1), c('12:05', '12:15', 'heron', 1), c('12:10', '12:20', 'heron', 1)],
  [],
];
/** The (sighting, window) pairs the watermark drops. */
const dropped = [
  { id: 's-3', window: win('11:55', '12:05') },
  { id: 's-3', window: win('12:00', '12:10') },
  { id: 's-4', window: win('12:00', '12:10') },
  { id: 's-9', window: win('12:10', '12:20') },
  { id: 's-9', window: win('12:15', '12:25') },
];

const describeSighting = (id: string) => {
  const s = all.find((x) => x.id === id);
  return s ? `sighting ${id} (${s.animal} at ${s.ts.slice(11, 16)})` : `sighting ${id}`;
};

/** Runs the learner's query in update mode over the batches; what it emitted, its late sink and the query. */
async function run() {
  const input = new MemoryStream<Sighting>({ name: 'sightings' });
  const late = new MemorySink<LateRecord<Sighting>>('late');
  const driver = QueryDriver.start(impl.slidingCounts(input.toStream(), late), 'update');
  const emitted: WindowCount[][] = [];
  try {
    for (const b of batches) emitted.push(await driver.step(() => input.addData(b)));
    return { emitted, late: late.allData(), dropped: impl.droppedByWatermark(driver.query), watermark: driver.query.lastProgress?.eventTime.watermark };
  } finally {
    await driver.stop();
  }
}

describe('Exercise 3: watermarks and late data', () => {
  it('sliding windows (10 minutes, every 5 minutes) with a 10-minute watermark, update mode', async () => {
    const { emitted } = await run();
    const counts = { name: (r: WindowCount) => `window ${windowName(r.window)}, animal ${r.animal}`, value: (r: WindowCount) => r.count, valueName: 'count' };
    for (let i = 0; i < batches.length; i++) {
      const what = batches[i]!.map((s) => `${s.animal} ${s.ts.slice(11, 16)}`).join(', ');
      assertNoProblems(
        compareRows(expected[i]!, emitted[i] ?? [], counts),
        `after input batch ${i} (${what}), update mode`,
        'every sighting belongs to two windows: window(ts, "10 minutes", "5 minutes"); the watermark is the max event time - 10 minutes',
      );
    }
  });

  it('the late sink gets each (sighting, window) the watermark dropped, with the watermark it missed', async () => {
    const { late } = await run();
    const got = late.map((l) => ({ id: l.row.id, window: l.window ?? { start: 0, end: 0 } }));
    const words = { name: (d: { id: string; window: { start: number; end: number } }) => `${describeSighting(d.id)}, window ${windowName(d.window)}` };
    assertNoProblems(
      compareRows(dropped, got, { ...words, expected: 'expected', got: 'your late sink got' }).map((p) =>
        p.endsWith(': missing') ? p.replace(': missing', ': dropped as late, but not in your late sink') : p,
      ),
      'the late sink after the four input batches',
      "pass the sink to withWatermark: .withWatermark('ts', '10 minutes', { late })",
    );
    const wrongWatermark = late.filter((l) => l.row.id === 's-9' && clockTime(l.watermarkMs) !== '12:30');
    assertNoProblems(
      wrongWatermark.map((l) => `sighting s-9 was dropped against watermark ${clockTime(l.watermarkMs)}, expected 12:30`),
      'the watermark of the late records',
      "a batch judges its rows with the previous batch's watermark: s-9 arrives after s-7 (12:40) moved it to 12:30",
    );
  });

  it("droppedByWatermark: Spark's numRowsDroppedByWatermark, summed over the batches", async () => {
    const { dropped: n } = await run();
    // Spark drops late rows after partial aggregation: it counts (window, animal) groups, so
    // s-3 and s-4 (both foxes in 12:00-12:10) are one group: 4 groups for 5 late (row, window) pairs.
    assertNoProblems(
      n === 4 ? [] : [`expected 4 dropped rows (groups), got ${n}`],
      'droppedByWatermark(query) after the four input batches',
      'sum p.stateOperators[i].numRowsDroppedByWatermark over every p of query.recentProgress; Spark counts late (window, key) groups, not input rows',
    );
  });

  it('your stillCounts says in which windows each late sighting still counts', () => {
    const problems: string[] = [];
    const lateIds = ['s-3', 's-4', 's-5', 's-8', 's-9'];
    for (const id of lateIds) {
      const s = all.find((x) => x.id === id)!;
      const t = Date.parse(s.ts);
      const start = t - (t % 300_000);
      const windows = [
        { start: start - 300_000, end: start + 300_000 },
        { start, end: start + 600_000 },
      ];
      const truth = windows.filter((w) => !dropped.some((d) => d.id === id && d.window.start === w.start)).map((w) => windowName(w).replace('–', '-'));
      const said = (impl.stillCounts[id] ?? []).map((w) => w.replace('–', '-').replace(/\s+/g, ''));
      const missing = truth.filter((w) => !said.includes(w));
      const extra = said.filter((w) => !truth.includes(w));
      for (const w of missing) problems.push(`${describeSighting(id)} still counts in window ${w}, but your stillCounts does not list it`);
      for (const w of extra)
        problems.push(`${describeSighting(id)} does not count in window ${w} (the watermark dropped it there, or it is not one of its windows)`);
    }
    assertNoProblems(
      problems,
      'your stillCounts',
      'a row is dropped from a window when the window ended at or before the watermark of the previous batch (12:11 for batches 1 and 2, 12:30 for batch 3)',
    );
  });
});
