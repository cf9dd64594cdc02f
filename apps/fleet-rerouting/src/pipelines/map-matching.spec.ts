import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { ARTERIAL, net, pingOn, T0 } from '../domain/fixtures.js';
import { offset } from '../domain/geo.js';
import type { Ping } from '../domain/ping.js';
import { mapMatching } from './map-matching.js';

describe('map matching (stream-static join with the spatial index)', () => {
  it('puts each ping on its street, knows the intersection ahead, and drops fixes off every road', async () => {
    const input = new MemoryStream<Ping>();
    const matched = mapMatching(input.toStream(), net).map((m) => ({ pingId: m.pingId, segmentId: m.segmentId, street: m.street, aheadNode: m.aheadNode }));
    const fwd = pingOn(ARTERIAL.index, 0.4, T0, { pingId: 'fwd' });
    const back = pingOn(ARTERIAL.index, 0.6, T0, { pingId: 'back', reverse: true });
    const lost = { ...pingOn(ARTERIAL.index, 0.5, T0, { pingId: 'lost' }), ...offset(fwd, (fwd.headingDeg + 90) % 360, 180) };
    await testStream(matched, 'append')(
      addData(input, fwd, back, lost),
      checkNewAnswer(
        { pingId: 'fwd', segmentId: ARTERIAL.id, street: ARTERIAL.name, aheadNode: ARTERIAL.to },
        { pingId: 'back', segmentId: ARTERIAL.id, street: ARTERIAL.name, aheadNode: ARTERIAL.from },
      ),
    );
  });
});
