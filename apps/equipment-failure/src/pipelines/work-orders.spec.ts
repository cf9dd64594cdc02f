import { MemoryStream } from '@streamlab/core';
import { describe, expect, it } from 'vitest';
import type { MaintenanceEvent, WorkOrder } from '../domain/work-order.js';
import { M, MILL, PUMP, reading, T0 } from '../testing/fixtures.js';
import type { RemainingLife } from './remaining-life.js';
import { maintenanceEvents, workOrders } from './work-orders.js';

const H = 60 * M;
const life = (k: number, rulMs: number | null, mode: RemainingLife['mode'] = 'bearing-wear', machineId = MILL): RemainingLife => ({
  machineId,
  eventTime: T0 + k * M,
  mode: rulMs === null ? null : mode,
  indicator: 0.5,
  slopePerHour: 0.2,
  rulMs,
});

function run() {
  const lives = new MemoryStream<RemainingLife>();
  const repairs = new MemoryStream<MaintenanceEvent>();
  const rows: WorkOrder[] = [];
  const q = workOrders(lives.toStream(), repairs.toStream(), { horizon: 2 * H })
    .writeStream.outputMode('append')
    .foreachBatch((b) => void rows.push(...b))
    .start();
  const step = async (l: RemainingLife[], m: MaintenanceEvent[] = []) => {
    lives.addData(l);
    repairs.addData(m);
    await q.processAllAvailable();
  };
  return { rows, step, stop: () => q.stop() };
}

describe('workOrders (one open order per machine and mode; maintenance closes it)', () => {
  it('opens an order after two windows below the horizon, once, and maintenance closes it', async () => {
    const r = run();
    await r.step([life(1, 3 * H), life(2, 1.9 * H)]);
    expect(r.rows).toEqual([]); // one window below the horizon is not enough
    await r.step([life(3, 1.8 * H)]);
    await r.step([life(4, 1.7 * H), life(5, 1.6 * H)]); // still open: no second order
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      orderId: `${MILL}:bearing-wear:${T0 + 3 * M}`,
      status: 'open',
      openedAt: T0 + 3 * M,
      rulAtOpenMs: 1.8 * H,
      dueBy: T0 + 3 * M + 1.8 * H,
    });
    await r.step([], [{ machineId: MILL, eventTime: T0 + 90 * M, mode: 'bearing-wear' }]);
    expect(r.rows[1]).toMatchObject({ orderId: r.rows[0]!.orderId, status: 'closed', closedAt: T0 + 90 * M, resolution: 'maintenance: bearing-wear' });
    // after the repair a new degradation opens a new order
    await r.step([life(200, H), life(201, H)]);
    await r.stop();
    expect(r.rows.map((o) => o.status)).toEqual(['open', 'closed', 'open']);
  });

  it('keeps one order per mode and per machine, and a healthy window resets the count', async () => {
    const r = run();
    await r.step([life(1, H), life(2, null), life(3, H), life(4, H, 'cooling-failure'), life(5, H, 'cooling-failure')]);
    await r.step([life(1, H, 'seal-leak', PUMP), life(2, H, 'seal-leak', PUMP)]);
    await r.stop();
    expect(r.rows.map((o) => [o.machineId, o.mode])).toEqual([
      [MILL, 'cooling-failure'],
      [PUMP, 'seal-leak'],
    ]);
  });

  it('maintenanceEvents reads the completions the gateway forwards', async () => {
    const input = new MemoryStream<ReturnType<typeof reading>>();
    const rows: MaintenanceEvent[] = [];
    const q = maintenanceEvents(input.toStream())
      .writeStream.foreachBatch((b) => void rows.push(...b))
      .start();
    input.addData([reading(T0), reading(T0 + M, { maintenance: 'seal-leak' })]);
    await q.processAllAvailable();
    await q.stop();
    expect(rows).toEqual([{ machineId: MILL, eventTime: T0 + M, mode: 'seal-leak' }]);
  });
});
