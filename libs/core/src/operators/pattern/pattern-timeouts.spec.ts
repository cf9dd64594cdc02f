import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BatchInfo, Sink } from '../../ports.js';
import { MemoryStream } from '../../sources/memory-stream.js';
import { addData, advanceClock, assertOnQuery, checkNewAnswer, ManualClock, startStream, stopStream, testStream } from '../../testing/index.js';
import { runWithRestart } from '../state/support/restart-harness.js';
import { exampleRegions, min, tx, type Tx } from './pattern-test-kit.js';
import { pattern, type PatternTimeout } from './pattern.js';
import { alerts, expiredProbes, transactions } from './examples/expired-probes.js';

/** probe (< 2), then a mid-size charge, then a big one, within 10 minutes. */
const escalation = pattern<Tx>()
  .begin('probe', (t) => t.amount < 2)
  .followedBy('mid', (t) => t.amount >= 10 && t.amount <= 100)
  .followedBy('hit', (t) => t.amount > 500)
  .within('10 minutes');
type Stages = 'probe' | 'mid' | 'hit';

/** A sink that keeps every record with the batch it came in. */
function collecting<T>(): { sink: Sink<T>; records: { batchId: number; record: T }[] } {
  const records: { batchId: number; record: T }[] = [];
  const sink: Sink<T> = {
    description: 'expired',
    addBatch: (rows: readonly T[], info: BatchInfo) => void records.push(...rows.map((record) => ({ batchId: info.batchId, record }))),
  };
  return { sink, records };
}

describe('pattern: expired partial matches to a side output ({ timedOut: sink })', () => {
  it('the README example (examples/expired-probes.ts): matches in the main output, expired probes in the side sink', async () => {
    const { file, readme } = exampleRegions('expired-probes');
    expect(file.length).toBeGreaterThan(100);
    expect(readme).toBe(file);
    await testStream(alerts, 'append')(
      addData(transactions, tx('c1', 0, 1), tx('c1', 4, 800), tx('c2', 1, 0.5), tx('c2', 12, 700)),
      addData(transactions, tx('c3', 13, 10)), // watermark 12:30: c1 matches; c2's hit came 11 minutes after its probe
      checkNewAnswer({ key: 'c1', events: { probe: [tx('c1', 0, 1)], hit: [tx('c1', 4, 800)] }, startMs: min(0), endMs: min(4), timedOut: false }),
    );
    expect(expiredProbes).toEqual([
      { key: 'c2', events: { probe: [tx('c2', 1, 0.5)], hit: [] }, stage: 'hit', startMs: min(1), endMs: min(1), watermarkMs: min(12) + 30_000 },
    ]);
  });

  it('opens the side sink when the query starts and closes it when the query stops', async () => {
    const input = new MemoryStream<Tx>();
    const calls: string[] = [];
    const sink: Sink<PatternTimeout<string, Tx, Stages>> = {
      description: 'expired',
      open: () => void calls.push('open'),
      addBatch: (rows) => void calls.push(`addBatch:${rows.length}`),
      close: () => void calls.push('close'),
    };
    const q = input
      .toStream()
      .withWatermark('ts', 0)
      .groupByKey((t) => t.cardId)
      .pattern(escalation, { timedOut: sink })
      .writeStream.format('memory')
      .queryName('pattern_side_open_close')
      .outputMode('append')
      .start();
    input.addData([tx('c1', 0, 1), tx('c2', 20, 5)]); // c1's probe expires once the watermark passes 10:10
    await q.processAllAvailable();
    await q.stop();
    expect(calls[0]).toBe('open');
    expect(calls.at(-1)).toBe('close');
    expect(calls.filter((c) => c.startsWith('addBatch')).join()).toBe('addBatch:1');
  });

  it('sends them to the sink with the events so far, the stage and the watermark, once, across batches and a restart', async () => {
    const input = new MemoryStream<Tx>();
    const side = collecting<PatternTimeout<string, Tx, Stages>>();
    const q = input
      .toStream()
      .withWatermark('ts', 0)
      .groupByKey((t) => t.cardId)
      .pattern(escalation, { timedOut: side.sink })
      .map((m) => ({ key: m.key, timedOut: m.timedOut, hit: m.events.hit.map((t) => t.amount) }));
    const tick = advanceClock(1000);
    await testStream(q, 'append', { clock: new ManualClock(0), trigger: { processingTime: '1 second' } })(
      addData(input, tx('k', 0, 1), tx('k', 3, 20), tx('k', 5, 600), tx('j', 1, 1), tx('j', 2, 50)),
      tick,
      tick, // the watermark (5) releases k's and j's events: k matches, j waits on 'hit'
      checkNewAnswer({ key: 'k', timedOut: false, hit: [600] }),
      addData(input, tx('m', 9, 1)),
      tick,
      tick,
      checkNewAnswer(),
      assertOnQuery(() => side.records.length === 0, 'nothing expired before the watermark passes start + 10 minutes'),
      addData(input, tx('z', 12, 5)),
      tick,
      tick, // watermark 12 passes j's start (1) + 10 minutes; m (9) is still live
      checkNewAnswer(),
      assertOnQuery(() => side.records.length === 1, "j's partial match expired"),
      stopStream(),
      startStream({ processingTime: '1 second' }),
      addData(input, tx('z', 19, 5), tx('m', 13, 30)),
      tick,
      tick, // m's partial match (restored from the checkpoint) takes 'mid', then expires at watermark 19
      checkNewAnswer(),
      tick,
      tick,
      checkNewAnswer(),
      assertOnQuery((sq) => sq.lastProgress?.stateOperators[0]?.numRowsTotal === 0, 'no state left'),
    );
    const records = side.records.map((r) => r.record);
    expect(records).toEqual([
      { key: 'j', events: { probe: [tx('j', 1, 1)], mid: [tx('j', 2, 50)], hit: [] }, stage: 'hit', startMs: min(1), endMs: min(2), watermarkMs: min(12) },
      { key: 'm', events: { probe: [tx('m', 9, 1)], mid: [tx('m', 13, 30)], hit: [] }, stage: 'hit', startMs: min(9), endMs: min(13), watermarkMs: min(19) },
    ]);
    expect(side.records[0]!.batchId).toBeLessThan(side.records[1]!.batchId);
  });

  it('a restarted run sends the same records in the same batches as an uninterrupted one', async () => {
    const steps = [
      [tx('a', 0, 1), tx('b', 1, 1), tx('a', 2, 50)],
      [tx('a', 3, 600), tx('b', 2, 20), tx('c', 4, 1)],
      [tx('b', 6, 1), tx('a', 5, 1), tx('c', 9, 40)],
      [tx('a', 8, 900), tx('a', 9, 30), tx('c', 40, 1)],
      [tx('z', 80, 0)],
    ].map((rows) => ({ add: [rows] }));
    const runOnce = async (restartAfterStep?: number) => {
      const input = new MemoryStream<Tx>();
      const side = collecting<PatternTimeout<string, Tx, Stages>>();
      const q = input
        .toStream()
        .withWatermark('ts', '2 minutes')
        .groupByKey((t) => t.cardId)
        .pattern(escalation, { timedOut: side.sink });
      const out = await runWithRestart(q as never, [input as never], steps, {
        outputMode: 'append',
        ...(restartAfterStep === undefined ? {} : { restartAfterStep }),
      });
      return { batches: out.batches, side: side.records };
    };
    const plain = await runOnce();
    expect(plain.side.length).toBeGreaterThanOrEqual(3);
    const mainRows = plain.batches.flatMap((b) => b.rows) as { timedOut: boolean }[];
    expect(mainRows.length).toBeGreaterThan(0);
    expect(mainRows.every((r) => !r.timedOut)).toBe(true);
    for (const after of [0, 1, 2, 3]) {
      const restarted = await runOnce(after);
      expect(restarted.side).toEqual(plain.side);
      expect(restarted.batches).toEqual(plain.batches);
    }
  });

  it('emitTimeouts keeps them in the main output; the two options exclude each other', () => {
    const s = new MemoryStream<Tx>()
      .toStream()
      .withWatermark('ts', '1 minute')
      .groupByKey((t) => t.cardId);
    const side = collecting<PatternTimeout<string, Tx, Stages>>();
    expect(() => s.pattern(escalation, { emitTimeouts: true, timedOut: side.sink })).toThrow(expect.objectContaining({ code: 'BAD_PATTERN_OPTION' }));
    expect(() => s.pattern(escalation, { timedOut: 'expired' as never })).toThrow(expect.objectContaining({ code: 'BAD_PATTERN_OPTION' }));
    expectTypeOf<PatternTimeout<string, Tx, Stages>['stage']>().toEqualTypeOf<Stages>();
  });
});
