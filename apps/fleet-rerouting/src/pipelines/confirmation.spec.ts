import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, checkNewAnswer, testStream } from '@streamlab/core/testing';
import { ARTERIAL, net, S, T0 } from '../domain/fixtures.js';
import { offset } from '../domain/geo.js';
import type { IncidentReport } from '../domain/ping.js';
import { confirmation } from './confirmation.js';
import type { DetectedIncident } from './incident-detection.js';

const detected = (at: number): DetectedIncident => ({
  incidentId: `${ARTERIAL.id}@${at}`,
  segmentId: ARTERIAL.id,
  segment: ARTERIAL.index,
  street: ARTERIAL.name,
  status: 'open',
  severity: 'blocked',
  congestion: 0.05,
  eventTime: at,
  sinceMs: at - 60 * S,
});
const report = (id: string, offM: number, reportedAt: number): IncidentReport => ({
  reportId: id,
  kind: 'closure',
  ...offset({ lat: ARTERIAL.midLat, lon: ARTERIAL.midLon }, 45, offM),
  street: ARTERIAL.name,
  startedAt: reportedAt - 3 * 60 * S,
  reportedAt,
});

describe('confirmation (stream-stream join, watermarks on both sides)', () => {
  it('confirms a late, misplaced report near a detected slowdown, not one far away or much later', async () => {
    const reports = new MemoryStream<IncidentReport>();
    const detections = new MemoryStream<DetectedIncident>();
    const out = confirmation(reports.toStream().withWatermark('reportedAt', '1 minute'), detections.toStream().withWatermark('eventTime', '1 minute'), net).map(
      (c) => ({
        reportId: c.reportId,
        segmentId: c.segmentId,
        offByM: c.offByM,
      }),
    );
    await testStream(out, 'append')(
      addData(detections, detected(T0 + 60 * S)),
      addData(reports, report('near', 350, T0 + 150 * S), report('far', 2500, T0 + 150 * S), report('much-later', 0, T0 + 40 * 60 * S)),
      checkNewAnswer({ reportId: 'near', segmentId: ARTERIAL.id, offByM: 350 }),
    );
  });
});
