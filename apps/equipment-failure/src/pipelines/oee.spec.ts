import type { LateRecord, Stream } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import type { Reading } from '../domain/reading.js';
import { catalog, collect, M, MILL, PUMP, reading } from '../testing/fixtures.js';
import { lineOee } from './oee.js';

const SHIFT_A = Date.parse('2026-01-05T06:00:00Z');
const at = (min: number) => SHIFT_A + min * M;
// the mill's ideal cycle is 45 s, the pump's 6 s
const run = (min: number, parts: number, scrap = 0, machineId = MILL) => reading(at(min), { machineId, intervalMs: 60_000, parts, scrap });
const state = (min: number, s: Reading['state']) => reading(at(min), { state: s, intervalMs: 60_000 });

describe('lineOee (tumbling shift windows, update mode, a 30-minute watermark)', () => {
  it('computes availability x performance x quality per line and shift from summed times and counts', async () => {
    const q = collect((s: Stream<Reading>) => lineOee(s, catalog, { oeeWatermark: 30 * M }), 'update');
    await q.add(run(20, 1), run(21, 1, 1), state(22, 'down'), state(23, 'setup'), state(24, 'idle'), run(20, 8, 0, PUMP));
    await q.stop();
    const row = q.rows.at(-1)!;
    expect(row).toMatchObject({ lineId: 'P1-L1', shift: 'A', window: { start: SHIFT_A, end: SHIFT_A + 8 * 60 * M } });
    // planned: 3 running + down + setup minutes (idle is not planned); run: 3 minutes
    expect(row.plannedMs).toBe(5 * M);
    expect(row.availability).toBeCloseTo(3 / 5, 12);
    expect(row.performance).toBeCloseTo((2 * 45_000 + 8 * 6_000) / (3 * M), 12);
    expect(row.quality).toBeCloseTo(9 / 10, 12);
    expect(row.oee).toBeCloseTo(row.availability * row.performance * row.quality, 12);
  });

  it("corrects a shift's figures when a buffering gateway's records arrive late, and counts a duplicate once", async () => {
    const q = collect((s: Stream<Reading>) => lineOee(s, catalog, { oeeWatermark: 30 * M }), 'update');
    const r = run(10, 1);
    await q.add(r, run(60, 1));
    const before = q.rows.at(-1)!;
    await q.add(state(40, 'down'), r); // 20 minutes behind the newest record: late, but within the watermark; r again: a duplicate
    await q.stop();
    const after = q.rows.at(-1)!;
    expect(after.window).toEqual(before.window);
    expect(before.availability).toBe(1);
    expect(after.availability).toBeCloseTo(2 / 3, 12);
    expect(after.totalCount).toBe(2);
  });

  it('sends a record for a shift already past the watermark to the late side output and does not change it', async () => {
    const late: LateRecord[] = [];
    const sink = { description: 'late', addBatch: (b: readonly LateRecord[]) => void late.push(...b) };
    const q = collect((s: Stream<Reading>) => lineOee(s, catalog, { oeeWatermark: 30 * M }, sink), 'update');
    await q.add(run(10, 1));
    await q.add(run(8 * 60 + 45, 1)); // shift B; the watermark passes the end of shift A
    await q.add(run(11, 5)); // shift A is closed
    await q.stop();
    expect(q.rows.filter((r) => r.shift === 'A').every((r) => r.totalCount === 1)).toBe(true);
    expect(late).toHaveLength(1);
    expect(late[0]!.lateByMs).toBeGreaterThan(0);
  });
});
