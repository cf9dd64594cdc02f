import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { ARTERIAL, pingOn, S, T0 } from '../domain/fixtures.js';
import { offset } from '../domain/geo.js';
import type { Ping } from '../domain/ping.js';
import { teleports } from './ping-quality.js';

describe('teleports (state per vehicle)', () => {
  it('rejects a fix kilometres from the last one seconds later, with its reason, and keeps the vehicle on its last good fix', async () => {
    const input = new MemoryStream<Ping>();
    const out = teleports(input.toStream()).map((r) => ({ pingId: r.pingId, reason: r.reason }));
    const b = pingOn(ARTERIAL.index, 0.25, T0 + 3 * S, { pingId: 'b' });
    const jump = { ...pingOn(ARTERIAL.index, 0.25, T0 + 6 * S, { pingId: 'jump' }), ...offset(b, 90, 3_000) };
    await testStream(out, 'append')(
      addData(input, pingOn(ARTERIAL.index, 0.2, T0, { pingId: 'a' }), b),
      checkNewAnswer(),
      // the fix after the jump is near the last good one: not a teleport
      addData(input, jump, pingOn(ARTERIAL.index, 0.3, T0 + 9 * S, { pingId: 'c' })),
      checkNewAnswer({ pingId: 'jump', reason: 'teleport: 3.0 km in 3 s (3600 km/h)' }),
    );
  });
});
