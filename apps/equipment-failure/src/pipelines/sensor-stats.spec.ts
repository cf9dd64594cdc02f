import { type LateRecord, MemoryStream, type Stream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { describe, expect, it } from 'vitest';
import type { Reading } from '../domain/reading.js';
import { carries, collect, M, MILL, reading, S, T0 } from '../testing/fixtures.js';
import { pipelineOptions } from './options.js';
import { sensorSamples, sensorStats } from './sensor-stats.js';

const o = pipelineOptions({ statsWindow: '2 minutes', statsSlide: '1 minute', statsWatermark: '1 minute' });
const vib = <R extends { sensor: string }>(rows: readonly R[]) => rows.filter((r) => r.sensor === 'vibration');

describe('sensorSamples', () => {
  it("gives one sample per sensor of the machine's type, a missing value as a counted gap, and nothing while not running", async () => {
    const input = new MemoryStream<Reading>();
    const r = reading(T0, { vibration: null });
    await testStream(sensorSamples(input.toStream(), carries), 'append')(
      addData(input, r, reading(T0 + S, { state: 'idle' })),
      checkNewAnswer(
        { machineId: MILL, sensor: 'vibration', eventTime: T0, value: null, sq: null },
        { machineId: MILL, sensor: 'bearingTemp', eventTime: T0, value: r.bearingTemp, sq: r.bearingTemp! ** 2 },
        { machineId: MILL, sensor: 'current', eventTime: T0, value: r.current, sq: r.current! ** 2 },
        { machineId: MILL, sensor: 'rpm', eventTime: T0, value: r.rpm, sq: r.rpm! ** 2 },
        { machineId: MILL, sensor: 'power', eventTime: T0, value: r.power, sq: r.power! ** 2 },
      ),
    );
  });
});

describe('sensorStats (sliding window + watermark, append)', () => {
  it('emits each window once, when the watermark passes its end, with count, mean, min, max and std', async () => {
    const q = collect((s: Stream<Reading>) => sensorStats(s, carries, o));
    await q.add(reading(T0 + 10 * S, { vibration: 2 }), reading(T0 + 20 * S, { vibration: 4 }), reading(T0 + 30 * S, { vibration: null }));
    expect(q.rows).toEqual([]); // nothing final yet
    await q.add(reading(T0 + 3 * M + S)); // watermark -> T0 + 2 min 1 s: the windows ending by then are final
    await q.stop();
    const w = vib(q.rows).find((r) => r.window.start === T0 - M)!;
    expect(w).toMatchObject({ samples: 3, present: 2, mean: 3, min: 2, max: 4, eventTime: T0 + M });
    expect(w.std).toBeCloseTo(1, 12);
    expect(vib(q.rows).map((r) => r.window.start)).toEqual([T0 - M, T0]);
    // the mill has no pressure sensor: no pressure statistics
    expect(q.rows.some((r) => r.sensor === 'pressure')).toBe(false);
  });

  it('sends a sample behind the watermark to the late side output and does not change a final window', async () => {
    const late: LateRecord[] = [];
    const sink = { description: 'late', addBatch: (b: readonly LateRecord[]) => void late.push(...b) };
    const q = collect((s: Stream<Reading>) => sensorStats(s, carries, o, sink));
    await q.add(reading(T0 + 10 * S), reading(T0 + 5 * M));
    await q.add(reading(T0 + 10 * M)); // watermark -> T0 + 4 min: the first windows are final
    const final = vib(q.rows).filter((r) => r.window.end <= T0 + 4 * M);
    expect(final.length).toBeGreaterThan(0);
    await q.add(reading(T0 + 20 * S, { vibration: 99 }));
    await q.stop();
    expect(q.rows.every((r) => r.max !== 99)).toBe(true);
    expect(late.length).toBeGreaterThan(0);
    expect(late[0]!.eventTimeMs).toBe(T0 + 20 * S);
    expect(late[0]!.watermarkMs).toBeGreaterThanOrEqual(T0 + 4 * M);
    expect(q.query.recentProgress.some((p) => (p.stateOperators[0]?.numRowsDroppedByWatermark ?? 0) > 0)).toBe(true);
  });
});
