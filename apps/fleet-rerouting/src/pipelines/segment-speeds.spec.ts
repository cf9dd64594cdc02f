import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { ARTERIAL, net, pingOn, S, T0 } from '../domain/fixtures.js';
import type { Ping } from '../domain/ping.js';
import { mapMatching } from './map-matching.js';
import { segmentSpeeds } from './segment-speeds.js';

describe('segment speeds (sliding windows, append mode)', () => {
  const setup = () => {
    const input = new MemoryStream<Ping>();
    const speeds = segmentSpeeds(mapMatching(input.toStream(), net).withWatermark('eventTime', '15 seconds'))
      .filter((r) => r.segmentId === ARTERIAL.id && r.window.start === T0)
      .map((r) => ({ pings: r.pings, vehicles: r.vehicles, meanKmh: r.meanKmh, congestion: r.congestion }));
    return { input, speeds };
  };
  const other = net.segments.find((s) => s.kind === 'ring')!;

  it("gives a minute's mean speed of moving vehicles and its ratio to free flow, once the watermark passes the window", async () => {
    const { input, speeds } = setup();
    await testStream(speeds, 'append')(
      addData(
        input,
        pingOn(ARTERIAL.index, 0.2, T0 + 5 * S, { speedKmh: 10 }),
        pingOn(ARTERIAL.index, 0.5, T0 + 30 * S, { speedKmh: 14, vehicleId: 'van-002' }),
      ),
      // a parked van is not traffic
      addData(input, pingOn(ARTERIAL.index, 0.6, T0 + 40 * S, { speedKmh: 0, stopped: true, vehicleId: 'van-003' })),
      checkNewAnswer(),
      // out of order, within the watermark delay: still counted
      addData(input, pingOn(ARTERIAL.index, 0.3, T0 + 50 * S, { speedKmh: 12 }), pingOn(other.index, 0.5, T0 + 62 * S)),
      addData(input, pingOn(ARTERIAL.index, 0.4, T0 + 47 * S, { speedKmh: 12 })),
      checkNewAnswer(),
      addData(input, pingOn(other.index, 0.5, T0 + 80 * S)),
      checkNewAnswer({ pings: 4, vehicles: 2, meanKmh: 12, congestion: Math.round((12 / ARTERIAL.freeFlowKmh) * 1000) / 1000 }),
    );
  });
});
