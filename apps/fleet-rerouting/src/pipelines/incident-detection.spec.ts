import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { ARTERIAL, S, T0 } from '../domain/fixtures.js';
import { incidentDetection } from './incident-detection.js';
import type { SegmentSpeedRow } from './segment-speeds.js';

const row = (startS: number, congestion: number, pings = 6, seg = ARTERIAL): SegmentSpeedRow => ({
  window: { start: T0 + startS * S, end: T0 + (startS + 60) * S },
  segmentId: seg.id,
  segment: seg.index,
  street: seg.name,
  freeFlowKmh: seg.freeFlowKmh,
  meanKmh: congestion * seg.freeFlowKmh,
  pings,
  vehicles: 2,
  congestion,
});

describe('incident detection (state with an event-time timeout)', () => {
  const setup = () => {
    const input = new MemoryStream<SegmentSpeedRow>();
    const out = incidentDetection(input.toStream()).map((d) => ({ id: d.incidentId, status: d.status, severity: d.severity, at: d.eventTime }));
    return { input, out };
  };
  const id = `${ARTERIAL.id}@${T0 + 20 * S}`;

  it('opens an incident on two slow windows in a row, once, escalates it, and clears it on two free-flowing ones', async () => {
    const { input, out } = setup();
    await testStream(out, 'append')(
      addData(input, row(0, 0.8), row(20, 0.2)),
      checkNewAnswer(),
      // the batch's windows in any order: walked by their end
      addData(input, row(60, 0.15), row(40, 0.18)),
      checkNewAnswer({ id, status: 'open', severity: 'major', at: T0 + 100 * S }),
      addData(input, row(80, 0.2)),
      checkNewAnswer(),
      // worse: escalated once, under the same id
      addData(input, row(100, 0.05), row(120, 0.04)),
      checkNewAnswer({ id, status: 'open', severity: 'blocked', at: T0 + 160 * S }),
      addData(input, row(140, 0.75), row(160, 0.9)),
      checkNewAnswer({ id, status: 'cleared', severity: 'blocked', at: T0 + 220 * S }),
    );
  });

  it('ignores a single slow window, a window with too few pings, and everyday rush hour', async () => {
    const { input, out } = setup();
    await testStream(out, 'append')(addData(input, row(0, 0.2), row(20, 0.8), row(40, 0.1, 2), row(60, 0.1), row(80, 0.55), row(100, 0.5)), checkNewAnswer());
  });

  it('calls a crawl a blocked road, and keeps it open while nobody drives there, until 20 minutes of silence', async () => {
    const { input, out } = setup();
    const other = { ...ARTERIAL, id: 's-9999', index: 9999, name: 'Elsewhere' };
    await testStream(out, 'append')(
      addData(input, row(0, 0.05), row(20, 0.04)),
      checkNewAnswer({ id: `${ARTERIAL.id}@${T0}`, status: 'open', severity: 'blocked', at: T0 + 80 * S }),
      addData(input, row(15 * 60, 0.9, 6, other)),
      checkNewAnswer(),
      addData(input, row(25 * 60, 0.9, 6, other)),
      checkNewAnswer({ id: `${ARTERIAL.id}@${T0}`, status: 'cleared', severity: 'blocked', at: T0 + 80 * S + 20 * 60 * S }),
    );
  });
});
