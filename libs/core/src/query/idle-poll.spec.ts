/** The default trigger's idle wait for sources without `onData` (a Kafka broker): short after data, backing off when idle. */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Logger, Offset, Source } from '../index.js';
import { Stream, StreamingSession } from '../index.js';
import { ManualClock } from '../testing/index.js';

const silent = pino({ level: 'silent' }) as unknown as Logger;

/** A source that has `rows.length` rows, no `onData`, and records when it was asked for its latest offset. */
class PolledSource implements Source<{ n: number }> {
  readonly description = 'Polled';
  readonly rows: { n: number }[] = [];
  readonly checks: number[] = [];
  constructor(private readonly clock: ManualClock) {}
  latestOffset(): Offset | null {
    this.checks.push(this.clock.now());
    return this.rows.length === 0 ? null : this.rows.length;
  }
  getBatch(start: Offset | null, end: Offset): readonly { n: number }[] {
    return this.rows.slice((start as number | null) ?? 0, end as number);
  }
}

/** Lets the runner run until it sleeps on the clock again. */
async function settle(clock: ManualClock): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  await clock.waitForSleeper();
}

describe('the default trigger polling a source without onData', () => {
  it('asks again 10 ms after a batch that read data, then backs off 20, 40, 80 and 100 ms while nothing comes', async () => {
    const clock = new ManualClock(0);
    const session = new StreamingSession({ clock, logger: silent });
    const source = new PolledSource(clock);
    const q = Stream.fromSource(source).writeStream.format('memory').queryName('polled').session(session).start();
    await settle(clock);
    source.rows.push({ n: 1 });
    clock.advance(100); // the idle start waits the full 100 ms
    await settle(clock);
    expect(session.table('polled')).toEqual([{ n: 1 }]);
    const afterBatch = source.checks.length;
    for (const step of [10, 20, 40, 80, 100, 100]) {
      clock.advance(step - 1);
      await settle(clock);
      expect(source.checks.length).toBe(afterBatch);
      clock.advance(1);
      await settle(clock);
      expect(source.checks.length).toBe(afterBatch + 1);
      expect(source.checks.at(-1)).toBe(clock.now());
      source.checks.length = afterBatch;
    }
    // Data again: the next wait is short again.
    source.rows.push({ n: 2 });
    clock.advance(100);
    await settle(clock);
    expect(session.table('polled')).toEqual([{ n: 1 }, { n: 2 }]);
    const t = clock.now();
    source.checks.length = 0;
    clock.advance(10);
    await settle(clock);
    expect(source.checks).toEqual([t + 10]);
    await q.stop();
  });
});
