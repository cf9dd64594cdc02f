/**
 * Exercise 3 live: the simulator delivers 8% of the sightings 10 to 25 minutes late (the
 * watermark delay is 10), as a camera that lost its network for a while would. Two outputs: the sliding
 * counts (update mode), and the late sink, one line per (sighting, window) the watermark dropped.
 */
import type { LateRecord, Sink } from '@streamlab/core';
import { startLiveRun } from '../../src/live-run.js';
import type { Sighting } from '../../src/sightings.js';
import { defineStep } from '../../src/step.js';

/** A late record as one flat console row: which sighting, which window it missed, how late. */
type LateRow = { id: string; animal: string; ts: string; window: { start: number; end: number } | null; watermark: string; lateBySec: number };

const LATE_ROW_COLUMNS = ['id', 'animal', 'ts', 'window', 'watermark', 'lateBySec'] as const;

/**
 * The late sink as the console shows it: each late record as a {@link LateRow}. The engine tells a
 * late sink its own batch (append mode, no keys, a LateRecord's columns); this view only renames
 * the columns of the rows it makes.
 */
function lateRows(out: Sink<LateRow>): Sink<LateRecord<Sighting>> {
  return {
    description: out.description,
    open: (ctx) => out.open?.(ctx),
    addBatch: (records, info) =>
      out.addBatch(
        records.map((l) => ({
          id: l.row.id,
          animal: l.row.animal,
          ts: l.row.ts.slice(11, 19),
          window: l.window ?? null,
          watermark: new Date(l.watermarkMs).toISOString().slice(11, 19),
          lateBySec: Math.round(l.lateByMs / 1000),
        })),
        { ...info, columns: LATE_ROW_COLUMNS },
      ),
    close: () => out.close?.(),
  };
}

export default defineStep<typeof import('./solution.js')>({
  title: 'Watermarks and late data',
  chapter: '3. Windowing (watermarks, late data)',
  minutes: 40,
  kind: 'exercise',
  async run(impl, ctx) {
    const live = await startLiveRun(ctx, { feed: { ratePerSec: 4, disorder: { late: 0.08, lateDelayMs: 600_000, lateSpreadMs: 900_000 } } });
    const counts = impl.slidingCounts(live.sightings(), lateRows(ctx.output<LateRow>('late-sightings', 'append')));
    const query = live.show(counts, 'sliding-counts', 'update', '2 seconds');
    const report = query.on('progress', () =>
      ctx.logger.info({ droppedByWatermark: impl.droppedByWatermark(query) }, 'late (window, animal) groups dropped so far'),
    );
    return live.running([query], report);
  },
});
