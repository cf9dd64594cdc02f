import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, advanceClock, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { ARTERIAL, pingOn, S, T0 } from '../domain/fixtures.js';
import type { Ping } from '../domain/ping.js';
import { silentVehicles } from './silent-vehicles.js';

describe('silent vehicles (processing-time timeout)', () => {
  it('reports a vehicle silent after a minute of wall-clock time without a ping, once, and back when it pings', async () => {
    const input = new MemoryStream<Ping>();
    const out = silentVehicles(input.toStream(), '1 minute').map((r) => ({ v: r.vehicleId, status: r.status, lastSeen: r.lastSeenMs }));
    await testStream(out, 'append')(
      addData(input, pingOn(ARTERIAL.index, 0.5, T0, { vehicleId: 'a' }), pingOn(ARTERIAL.index, 0.5, T0, { vehicleId: 'b' })),
      checkNewAnswer(),
      advanceClock(40 * S),
      addData(input, pingOn(ARTERIAL.index, 0.6, T0 + 40 * S, { vehicleId: 'b' })),
      checkNewAnswer(),
      advanceClock(25 * S),
      checkNewAnswer({ v: 'a', status: 'silent', lastSeen: T0 }),
      advanceClock(120 * S),
      checkNewAnswer({ v: 'b', status: 'silent', lastSeen: T0 + 40 * S }),
      addData(input, pingOn(ARTERIAL.index, 0.7, T0 + 200 * S, { vehicleId: 'a' })),
      checkNewAnswer({ v: 'a', status: 'back', lastSeen: T0 + 200 * S }),
    );
  });
});
