import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { ARTERIAL, pingOn, S, T0 } from '../domain/fixtures.js';
import type { Ping } from '../domain/ping.js';
import { fleetKpis } from './fleet-kpis.js';

describe('fleet KPIs (tumbling windows, update mode)', () => {
  it('counts pings, vehicles, deliveries, those on time and the delay minutes per minute', async () => {
    const input = new MemoryStream<Ping>();
    const out = fleetKpis(input.toStream().withWatermark('eventTime', '15 seconds')).map((r) => ({
      start: r.window.start,
      pings: r.pings,
      vehicles: r.vehicles,
      deliveries: r.deliveries,
      onTime: r.onTime,
      delayMin: r.delayMin,
    }));
    await testStream(out, 'update')(
      addData(
        input,
        pingOn(ARTERIAL.index, 0.1, T0 + 1 * S, { vehicleId: 'a', delivered: { stopId: 'a/1-1', lateMin: 0 } }),
        pingOn(ARTERIAL.index, 0.2, T0 + 2 * S, { vehicleId: 'b', delivered: { stopId: 'b/1-1', lateMin: 6.5 } }),
        pingOn(ARTERIAL.index, 0.3, T0 + 3 * S, { vehicleId: 'b' }),
      ),
      checkNewAnswer({ start: T0, pings: 3, vehicles: 2, deliveries: 2, onTime: 1, delayMin: 6.5 }),
      addData(input, pingOn(ARTERIAL.index, 0.3, T0 + 61 * S, { vehicleId: 'c' })),
      checkNewAnswer({ start: T0 + 60 * S, pings: 1, vehicles: 1, deliveries: 0, onTime: 0, delayMin: 0 }),
    );
  });
});
