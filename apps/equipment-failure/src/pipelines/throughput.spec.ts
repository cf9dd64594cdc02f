import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { describe, it } from 'vitest';
import type { Reading } from '../domain/reading.js';
import { M, PUMP, reading, S, T0 } from '../testing/fixtures.js';
import { throughput } from './throughput.js';

describe('throughput (tumbling window, update mode)', () => {
  it('counts records and distinct machines per minute, and updates a minute that changes', async () => {
    const input = new MemoryStream<Reading>();
    await testStream(throughput(input.toStream()), 'update')(
      addData(input, reading(T0 + S), reading(T0 + 2 * S), reading(T0 + 3 * S, { machineId: PUMP })),
      checkNewAnswer({ window: { start: T0, end: T0 + M }, records: 3, machines: 2 }),
      addData(input, reading(T0 + 4 * S), reading(T0 + M + S)),
      checkNewAnswer({ window: { start: T0, end: T0 + M }, records: 4, machines: 2 }, { window: { start: T0 + M, end: T0 + 2 * M }, records: 1, machines: 1 }),
    );
  });
});
