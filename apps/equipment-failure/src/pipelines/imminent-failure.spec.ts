import type { Sink, Stream } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import type { Reading } from '../domain/reading.js';
import { catalog, collect, M, MILL, reading, S, T0 } from '../testing/fixtures.js';
import { dedupAlerts, type ExpiredWarning, type ImminentFailure, imminentFailures, thresholds } from './imminent-failure.js';

const limits = thresholds(catalog);
const t = limits.get(MILL)!;
const o = { patternWatermark: 30 * S };
const vib = (at: number) => reading(at, { vibration: t.vibration + 1 });
const hot = (at: number) => reading(at, { bearingTemp: t.bearingTemp + 2 });
const spike = (at: number) => reading(at, { current: t.current + 5 });

describe('imminentFailures (pattern: vibration warning, then temperature rise, then current spike, within 10 min)', () => {
  it('alerts on the full sequence in event-time order, even when it arrives out of order', async () => {
    const q = collect((s: Stream<Reading>) => imminentFailures(s, limits, o));
    await q.add(spike(T0 + 4 * M), vib(T0), hot(T0 + 2 * M)); // arrival order is not event order
    expect(q.rows).toEqual([]); // the watermark has not passed them yet
    await q.add(reading(T0 + 6 * M)); // watermark -> T0 + 5.5 min
    await q.stop();
    expect(q.rows).toHaveLength(1);
    expect(q.rows[0]).toMatchObject({ machineId: MILL, startMs: T0, eventTime: T0 + 4 * M, alertId: `imminent:${MILL}@${T0}` });
  });

  it('needs the steps in order: a spike before the warning does not complete it', async () => {
    const q = collect((s: Stream<Reading>) => imminentFailures(s, limits, o));
    await q.add(spike(T0), vib(T0 + M), hot(T0 + 2 * M));
    await q.add(reading(T0 + 5 * M));
    await q.stop();
    expect(q.rows).toEqual([]);
  });

  it('expires a warning not followed through within 10 minutes to the side output', async () => {
    const expired: ExpiredWarning[] = [];
    const timedOut: Sink<ExpiredWarning> = { description: 'expired', addBatch: (rows) => void expired.push(...rows) };
    const q = collect((s: Stream<Reading>) => imminentFailures(s, limits, o, { timedOut }));
    await q.add(vib(T0), hot(T0 + 2 * M));
    await q.add(spike(T0 + 11 * M)); // too late for the sequence
    await q.add(reading(T0 + 12 * M));
    await q.stop();
    expect(q.rows).toEqual([]);
    expect(expired.map((e) => [e.key, e.stage, e.startMs])).toEqual([[MILL, 'current', T0]]);
  });

  it('dedupAlerts keeps one alert per episode id', async () => {
    const a = (at: number, id: string): ImminentFailure => ({
      alertId: id,
      machineId: MILL,
      lineId: 'P1-L1',
      eventTime: at,
      startMs: at,
      vibration: 5,
      bearingTemp: 70,
      current: 30,
    });
    const q = collect(dedupAlerts);
    await q.add(a(T0, 'x'), a(T0 + S, 'x'), a(T0 + 2 * S, 'y'));
    await q.add(a(T0 + 3 * S, 'x'));
    await q.stop();
    expect(q.rows.map((r) => r.alertId)).toEqual(['x', 'y']);
  });
});
