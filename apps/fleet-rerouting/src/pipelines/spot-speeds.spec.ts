import { describe, expect, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { ARTERIAL, net, pingOn, S, T0 } from '../domain/fixtures.js';
import type { Ping } from '../domain/ping.js';
import { mapMatching } from './map-matching.js';
import { spotSpeeds } from './spot-speeds.js';

describe('spot speeds (stateless, into the traffic view)', () => {
  it("gives each moving vehicle's ping as its segment's speed against free flow; parked vehicles and fixes at an intersection are left out", async () => {
    const input = new MemoryStream<Ping>();
    const out = spotSpeeds(mapMatching(input.toStream(), net), net).map((r) => ({ ...r, ratio: Math.round(r.ratio * 100) / 100 }));
    const crawl = Math.round(ARTERIAL.freeFlowKmh * 0.06 * 10) / 10;
    await testStream(out, 'append')(
      addData(
        input,
        pingOn(ARTERIAL.index, 0.3, T0, { speedKmh: crawl }),
        pingOn(ARTERIAL.index, 0.5, T0 + 2 * S, { speedKmh: 0, stopped: true, vehicleId: 'van-parked' }),
        // at the far end: it fits the next segment of the street as well
        pingOn(ARTERIAL.index, 1 - 5 / ARTERIAL.lengthM, T0 + 3 * S, { speedKmh: crawl, vehicleId: 'van-002' }),
      ),
      checkNewAnswer({ segment: ARTERIAL.index, ratio: 0.06, eventTime: T0 }),
    );
    expect(crawl).toBeGreaterThan(0);
  });
});
