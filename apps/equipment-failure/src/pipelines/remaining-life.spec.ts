import type { Stream } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import type { BaselineScore } from './anomaly-baseline.js';
import { collect, M, MILL, T0 } from '../testing/fixtures.js';
import { remainingLife } from './remaining-life.js';
import { millWindow } from '../testing/scores.js';

const H = 60 * M;
/** Cooling failure over 2 hours: +35 °C and +10 % power at the end, linear. */
const cooling = (k: number) => millWindow(k, { bearingTemp: 1 + (35 * (k / 120)) / 55, power: 1 + 0.1 * (k / 120) });

describe('remainingLife (arbitrary state: trend per machine and mode)', () => {
  it('extrapolates a corroborated, linear degradation to its failure time', async () => {
    const q = collect((s: Stream<BaselineScore>) => remainingLife(s));
    for (let k = 20; k <= 40; k++) await q.add(...cooling(k));
    await q.stop();
    const last = q.rows.at(-1)!;
    expect(last).toMatchObject({ machineId: MILL, mode: 'cooling-failure', eventTime: T0 + 40 * M });
    // failure at minute 120: 80 minutes left
    expect(last.rulMs! / M).toBeCloseTo(80, 0);
    expect(last.indicator).toBeCloseTo(40 / 120, 2);
    expect(last.slopePerHour).toBeCloseTo(0.5, 2);
    expect(q.rows.length).toBe(21); // one row per window
  });

  it('reports nothing for a healthy machine, or for a primary sensor moving alone (a sensor fault)', async () => {
    const q = collect((s: Stream<BaselineScore>) => remainingLife(s));
    for (let k = 0; k <= 20; k++) await q.add(...millWindow(k, { bearingTemp: 1 + (0.8 * k) / 20 })); // temperature drifts, power does not follow
    await q.stop();
    expect(q.rows.every((r) => r.mode === null && r.rulMs === null)).toBe(true);
  });

  it('picks the mode that fails first', async () => {
    const q = collect((s: Stream<BaselineScore>) => remainingLife(s));
    for (let k = 0; k <= 10; k++) {
      // bearing: vibration x(1 + 3 p) with p over 1 hour; temperature follows (+10 °C)
      const p = k / 60;
      await q.add(...millWindow(k, { vibration: 1 + 3 * (0.3 + p), bearingTemp: 1 + (10 * (0.3 + p)) / 55 }));
    }
    await q.stop();
    const last = q.rows.at(-1)!;
    expect(last.mode).toBe('bearing-wear');
    expect(last.rulMs!).toBeLessThan(H);
  });
});
