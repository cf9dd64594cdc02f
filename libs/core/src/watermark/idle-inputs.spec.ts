/**
 * Idle inputs (extension, `withWatermark(field, delay, { idleTimeout })`), end to end on a manual
 * clock: quiet streams close their sessions and windows, a silent input stops holding the min
 * watermark back, nothing changes without the option, and a replayed batch keeps its watermark.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import '../node/register.js';
import { describe, expect, it } from 'vitest';
import { count } from '../aggregates/count.js';
import { sessionWindow } from '../operators/session/session-window.js';
import { removeDir, tempCheckpointDir } from '../operators/state/support/restart-harness.js';
import type { BatchInfo, Sink } from '../ports.js';
import { StreamingSession } from '../query/session.js';
import { MemoryStream } from '../sources/memory-stream.js';
import { addData, advanceClock, assertOnQuery, checkNewAnswer, testStream } from '../testing/index.js';
import { ManualClock } from '../testing/manual-clock.js';
import { window } from '../window/window.js';

const sec = (s: number): number => s * 1000;
interface Ev {
  k: string;
  ts: number;
}

function sessions(input: MemoryStream<Ev>, idleTimeout?: string) {
  return input
    .toStream()
    .withWatermark('ts', '10 seconds', idleTimeout === undefined ? {} : { idleTimeout })
    .groupBy(sessionWindow('ts', '30 seconds'), 'k')
    .agg({ n: count() });
}

describe('idle inputs (extension)', () => {
  it('a quiet single input closes its session after idleTimeout + gap + delay of processing time', async () => {
    const input = new MemoryStream<Ev>();
    await testStream(sessions(input, '1 minute'), 'append')(
      addData(input, { k: 'a', ts: sec(100) }, { k: 'a', ts: sec(95) }), // batch at 0 s: watermark -> 90 s
      checkNewAnswer(),
      advanceClock(sec(60) - 1), // not idle yet
      checkNewAnswer(),
      advanceClock(1 + sec(40) - 1), // idle since 60 s: watermark 90 s + 39.999 s, session ends at 130 s
      checkNewAnswer(),
      advanceClock(1), // watermark 130 s: the session closes in a no-data batch
      checkNewAnswer({ session_window: { start: sec(95), end: sec(130) }, k: 'a', n: 2 }),
      assertOnQuery(
        (q) => q.lastProgress?.numInputRows === 0 && q.lastProgress.eventTime.watermark === '1970-01-01T00:02:10.000Z',
        'no-data batch at watermark 130 s',
      ),
      addData(input, { k: 'a', ts: sec(90) }), // its session [90 s, 120 s) ends behind the advanced watermark: late
      checkNewAnswer(),
      assertOnQuery((q) => q.lastProgress?.stateOperators[0]?.numRowsDroppedByWatermark === 1, 'late row dropped'),
    );
  });

  it('is off by default: without idleTimeout a quiet stream keeps its session open', async () => {
    const input = new MemoryStream<Ev>();
    await testStream(sessions(input), 'append')(
      addData(input, { k: 'a', ts: sec(100) }),
      checkNewAnswer(),
      advanceClock(sec(3600)),
      checkNewAnswer(),
      // the data batch and Spark's no-data batch for the watermark it moved; nothing after on processing time
      assertOnQuery((q) => q.recentProgress.length === 2 && q.lastProgress?.stateOperators[0]?.numRowsTotal === 1, 'two batches, session still open'),
    );
  });

  for (const idle of [true, false]) {
    it(`min policy: a silent input ${idle ? 'no longer holds the watermark back after idleTimeout' : 'holds the watermark back without idleTimeout'}`, async () => {
      const a = new MemoryStream<Ev>();
      const b = new MemoryStream<Ev>();
      const opts = idle ? { idleTimeout: '1 minute' } : {};
      const q = a
        .toStream()
        .withWatermark('ts', '10 seconds', opts)
        .union(b.toStream().withWatermark('ts', '10 seconds', opts))
        .groupBy(window('ts', '10 seconds'), 'k')
        .agg({ n: count() });
      const firstWindow = { window: { start: sec(10), end: sec(20) }, k: 'x', n: 2 };
      await testStream(q, 'append')(
        addData(a, { k: 'x', ts: sec(10) }),
        addData(b, { k: 'x', ts: sec(12) }), // batch at 0 s: both inputs at watermark 0-2 s
        checkNewAnswer(),
        advanceClock(sec(30)),
        addData(a, { k: 'x', ts: sec(100) }), // input a at 90 s, b silent since 0 s: min holds at 0 s
        checkNewAnswer(),
        advanceClock(sec(29)),
        checkNewAnswer(),
        advanceClock(sec(1)), // b silent for 60 s: idle, left out of the min
        idle ? checkNewAnswer(firstWindow) : checkNewAnswer(),
        assertOnQuery(
          (query) => query.lastProgress?.eventTime.watermark === (idle ? '1970-01-01T00:01:30.000Z' : '1970-01-01T00:00:02.000Z'),
          'query watermark',
        ),
      );
    });
  }

  it('a quiet aggregation runs a no-data batch only when a window is due, not on every clock tick', async () => {
    const input = new MemoryStream<Ev>();
    const q = input.toStream().withWatermark('ts', '10 seconds', { idleTimeout: '1 minute' }).groupBy(window('ts', '10 seconds'), 'k').agg({ n: count() });
    const batches = (n: number) => assertOnQuery((query) => query.recentProgress.length === n, `${n} batches`);
    await testStream(q, 'append')(
      addData(input, { k: 'x', ts: sec(100) }, { k: 'x', ts: sec(115) }), // batch 0, then a no-data batch as in Spark (watermark 0 -> 105 s)
      checkNewAnswer(),
      batches(2),
      advanceClock(sec(60)), // idle from now on: watermark 105 s + 0
      advanceClock(sec(2)), // 107 s: the watermark moved, but no window is due
      checkNewAnswer(),
      batches(2),
      advanceClock(sec(3)), // 110 s: [100, 110) closes
      checkNewAnswer({ window: { start: sec(100), end: sec(110) }, k: 'x', n: 1 }),
      batches(3),
      advanceClock(sec(4)),
      advanceClock(sec(6)), // 120 s: [110, 120) closes
      checkNewAnswer({ window: { start: sec(110), end: sec(120) }, k: 'x', n: 1 }),
      advanceClock(sec(5)),
      advanceClock(sec(5)), // no state left: no more batches
      batches(4),
    );
  });

  it('a batch replayed after a restart uses the watermark recorded in offsets/N, not a new clock reading', async () => {
    const dir = tempCheckpointDir();
    try {
      const clock = new ManualClock(0);
      const input = new MemoryStream<Ev>('idle-replay');
      const sink = new WatermarkSink();
      const session = new StreamingSession({ clock });
      const writer = sessions(input, '1 minute').writeStream.outputMode('append').sink(sink).option('checkpointLocation', dir).session(session);
      let query = writer.start();
      input.addData([{ k: 'a', ts: sec(100) }]);
      await query.processAllAvailable();
      clock.advance(sec(120)); // idle since 60 s: watermark 90 + 60 = 150 s closes [100, 130)
      await query.processAllAvailable();
      await query.stop();
      const closing = sink.deliveries.find((d) => d.rows.length > 0)!;
      // batch 1 is Spark's no-data batch for the watermark batch 0 moved (90 s); batch 2 is the idle one
      expect(closing).toMatchObject({ batchId: 2, watermarkMs: sec(150), rows: [{ session_window: { start: sec(100), end: sec(130) }, k: 'a', n: 1 }] });
      const recorded = readFileSync(join(dir, 'offsets', '2'), 'utf8');
      expect(recorded).toContain(String(sec(150)));
      // Crash before commits/2: the restarted query must replay batch 2 as it was planned.
      rmSync(join(dir, 'commits', '2'));
      expect(existsSync(join(dir, 'commits', '1'))).toBe(true);
      clock.advance(sec(3600));
      query = writer.start();
      await query.processAllAvailable();
      await query.stop();
      const replayed = sink.deliveries.filter((d) => d.batchId === 2);
      expect(replayed).toHaveLength(2);
      expect(replayed[1]).toEqual(replayed[0]);
    } finally {
      removeDir(dir);
    }
  });
});

/** Records every delivery with the watermark its batch ran with. */
class WatermarkSink implements Sink<unknown> {
  readonly description = 'WatermarkSink';
  readonly deliveries: { batchId: number; watermarkMs: number; rows: unknown[] }[] = [];

  addBatch(rows: readonly unknown[], info: BatchInfo): void {
    this.deliveries.push({ batchId: info.batchId, watermarkMs: info.watermarkMs, rows: rows.slice() });
  }
}
