import type { Stream } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import type { Reading } from '../domain/reading.js';
import { downtime } from './downtime.js';
import { collect, M, MILL, reading, T0 } from '../testing/fixtures.js';

const down = (min: number, machineId = MILL) => reading(T0 + min * M, { machineId, state: 'down', intervalMs: 30_000 });

describe('downtime (session windows over down states, update mode)', () => {
  it('merges down records closer than the gap into one stoppage, with its summed duration', async () => {
    const q = collect((s: Stream<Reading>) => downtime(s, { oeeWatermark: 30 * M, downtimeGap: 2 * M }), 'update');
    await q.add(down(0), down(0.5), reading(T0 + 0.7 * M));
    await q.add(down(1), down(1.5));
    await q.add(down(10)); // a second stoppage: more than 2 minutes later
    await q.stop();
    const latest = new Map(q.rows.map((r) => [r.start, r]));
    expect([...latest.values()].map((r) => [r.start - T0, r.records, r.downMs])).toEqual([
      [0, 4, 2 * M],
      [10 * M, 1, 30_000],
    ]);
  });

  it('keeps machines apart', async () => {
    const q = collect((s: Stream<Reading>) => downtime(s, { oeeWatermark: 30 * M, downtimeGap: 2 * M }), 'update');
    await q.add(down(0), down(0.5, 'P1-L1-M02'));
    await q.stop();
    expect(q.rows.map((r) => r.machineId).sort()).toEqual([MILL, 'P1-L1-M02']);
  });
});
