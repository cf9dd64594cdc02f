import { describe, it } from 'vitest';
import { MemoryStream } from '@streamlab/core';
import { addData, advanceClock, checkNewAnswer, testStream } from '@streamlab/core/testing';
import type { Alert } from '../domain/alert.js';
import type { Ack } from '../domain/records.js';
import { acknowledgements } from './acknowledgements.js';

const T0 = Date.parse('2026-01-05T08:00:00Z');
const M = 60_000;
const P = 'pt-00000a';
const alert = (id: string, m: number, kind: Alert['kind'] = 'news2'): Alert => ({
  alertId: id,
  patientId: P,
  eventTime: T0 + m * M,
  kind,
  level: 'medium',
  severity: 'high',
  total: 5,
  reason: 'NEWS2 5',
});
const ack = (alertId: string, m: number): Ack => ({ ackId: `k-${alertId}`, alertId, patientId: P, eventTime: T0 + m * M, by: 'station-1' });

describe('acknowledgements (stream-stream left outer join with a time range)', () => {
  it('joins an acknowledgement to its alert at once, with the time to acknowledge', async () => {
    const alerts = new MemoryStream<Alert>();
    const acks = new MemoryStream<Ack>();
    await testStream(acknowledgements(alerts.toStream(), acks.toStream()), 'append')(
      addData(alerts, alert('a1', 0), alert('t1', 0, 'trend')),
      checkNewAnswer(),
      addData(acks, ack('a1', 4)),
      checkNewAnswer({ alertId: 'a1', patientId: P, level: 'medium', severity: 'high', raisedAt: T0, ackedAt: T0 + 4 * M, by: 'station-1', ttaMs: 4 * M }),
    );
  });

  it('emits an unacknowledged alert, with no time to acknowledge, once the watermark passes its 2 hours; quiet acknowledgements stop holding the watermark after their idle timeout', async () => {
    const alerts = new MemoryStream<Alert>();
    const acks = new MemoryStream<Ack>();
    const matched = { alertId: 'a1', patientId: P, level: 'medium', severity: 'high', raisedAt: T0, ackedAt: T0 + 2 * M, by: 'station-1', ttaMs: 2 * M };
    await testStream(acknowledgements(alerts.toStream(), acks.toStream(), '10 seconds'), 'append')(
      addData(alerts, alert('a1', 0), alert('a2', 1)),
      addData(acks, ack('a1', 2)),
      checkNewAnswer(matched),
      addData(alerts, alert('a3', 200)), // the acks' watermark (1 min) holds the query's (min policy)
      checkNewAnswer(),
      advanceClock(11_000), // ten seconds without acknowledgements: their input is idle
      addData(alerts, alert('a4', 201)),
      checkNewAnswer({ alertId: 'a2', patientId: P, level: 'medium', severity: 'high', raisedAt: T0 + M, ackedAt: null, by: null, ttaMs: null }),
    );
  });
});
